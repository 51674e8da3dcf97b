// A user-supplied `.proto` file, parsed with protobufjs (parsing only: its generated encoders
// need `new Function`, which the console's CSP forbids, so protobuf-codec.ts walks the wire
// format itself). Loaded on demand (load-decoder.ts). Pure.
import { err, ok, type Result } from '../result.ts';

import protobuf from './protobuf-runtime.ts';

export type ProtoSchema = {
  root: protobuf.Root;
  /** Fully qualified names of every message type, nested ones too (`pkg.Outer.Inner`). */
  messageTypes: string[];
};

const fullName = (t: protobuf.ReflectionObject) => t.fullName.replace(/^\./, '');

function collectTypes(ns: protobuf.NamespaceBase, out: string[]): void {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) out.push(fullName(child));
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type)
      collectTypes(child, out);
  }
}

/** protobufjs says "illegal token 'x' (line 3)"; the user reads "line 3: illegal token 'x'". */
function whereFirst(message: string): string {
  const m = /^(.*) \((line \d+)\)$/.exec(message);
  return m ? `${m[2]}: ${m[1]}` : message;
}

export function parseProtoSchema(source: string): Result<ProtoSchema> {
  if (source.trim() === '') return err('Invalid .proto: the file is empty');
  const root = new protobuf.Root();
  let imports: string[];
  try {
    // keepCase: field names as written in the .proto, which is what users type and read.
    const parsed = protobuf.parse(source, root, { keepCase: true });
    imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
  } catch (e) {
    return err(`Invalid .proto, ${whereFirst(e instanceof Error ? e.message : String(e))}`);
  }
  for (const name of imports) {
    // The well-known types protobufjs bundles (timestamp, duration, any, wrappers, …) resolve;
    // any other import names a file the console was not given.
    const known = (protobuf.common as unknown as Record<string, protobuf.INamespace | undefined>)[
      name
    ];
    if (!known)
      return err(
        `Invalid .proto: it imports "${name}", which was not loaded; paste the messages it ` +
          'needs into the same file',
      );
    root.addJSON(known.nested ?? {});
  }
  try {
    root.resolveAll();
  } catch (e) {
    return err(`Invalid .proto: ${e instanceof Error ? e.message : String(e)}`);
  }
  const messageTypes: string[] = [];
  collectTypes(root, messageTypes);
  if (messageTypes.length === 0) return err('Invalid .proto: it declares no message type');
  return ok({ root, messageTypes });
}

export function lookupMessageType(schema: ProtoSchema, name: string): Result<protobuf.Type> {
  const found = schema.root.lookup(name);
  if (found instanceof protobuf.Type) return ok(found);
  return err(`No message type "${name}" in the schema (it has ${schema.messageTypes.join(', ')})`);
}

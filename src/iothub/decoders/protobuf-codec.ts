// Protobuf as a payload view: the user's schema and chosen message type come in the context.
// Loaded on demand (load-decoder.ts). Pure.
import { err, ok } from '../result.ts';

import { parseJson } from './json-view.ts';
import { decodeProtobuf } from './protobuf-decode.ts';
import { encodeProtobuf } from './protobuf-encode.ts';
import { lookupMessageType } from './protobuf-schema.ts';
import type { CodecContext, PayloadCodec } from './types.ts';

function typeOf(context: CodecContext | undefined) {
  const p = context?.protobuf;
  if (!p) return err('Protobuf needs a .proto schema and a message type');
  return lookupMessageType(p.schema, p.type);
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const protobufCodec: PayloadCodec = {
  kind: 'protobuf',
  decode: (bytes, context) => {
    const type = typeOf(context);
    if (!type.ok) return type;
    try {
      const value = decodeProtobuf(type.value, bytes);
      return ok({ kind: 'protobuf', text: JSON.stringify(value, null, 2), value });
    } catch (e) {
      return err(`Not a ${type.value.name} message: ${reason(e)}`);
    }
  },
  encode: (text, context) => {
    const type = typeOf(context);
    if (!type.ok) return type;
    const parsed = parseJson(text);
    if (!parsed.ok) return parsed;
    try {
      return ok(encodeProtobuf(type.value, parsed.value));
    } catch (e) {
      return err(`Cannot encode as ${type.value.name}: ${reason(e)}`);
    }
  },
};

// What CBOR and MessagePack views share: the body may hold several items one after another (a
// CBOR sequence, RFC 8742; MessagePack streams), each printed in diagnostic notation; the user
// types JSON to send. Pure.
import { err, ok } from '../result.ts';

import { plainValue, toDiagnostic, type Tagged } from './diagnostic.ts';
import { parseJson } from './json-view.ts';
import type { PayloadCodec } from './types.ts';

export function structuredCodec(spec: {
  kind: 'cbor' | 'msgpack';
  /** The format's name in errors: "Not CBOR: …". */
  name: string;
  decodeItems: (bytes: Uint8Array) => unknown[];
  encodeValue: (value: unknown) => Uint8Array;
  asTagged: (v: object) => Tagged | undefined;
}): PayloadCodec {
  return {
    kind: spec.kind,
    decode: (bytes) => {
      let items: unknown[];
      try {
        if (bytes.length === 0) throw new Error('the body is empty');
        items = spec.decodeItems(bytes).map(plainValue);
      } catch (e) {
        return err(`Not ${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const text = items.map((item) => toDiagnostic(item, spec.asTagged)).join(',\n');
      return ok({ kind: spec.kind, text, value: items.length === 1 ? items[0] : items });
    },
    encode: (text) => {
      const parsed = parseJson(text);
      return parsed.ok ? ok(spec.encodeValue(parsed.value)) : parsed;
    },
  };
}

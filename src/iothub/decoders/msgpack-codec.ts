// MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) through @msgpack/msgpack.
// Loaded on demand (load-decoder.ts), so the library stays out of the first screen.
import { decodeMulti, encode, ExtData } from '@msgpack/msgpack';

import { structuredCodec } from './structured-codec.ts';

// 64-bit integers as bigint, so a uint64 beyond 2^53 is shown exactly (plainValue turns the
// ones a double holds exactly back into numbers).
const DECODE_OPTIONS = { useBigInt64: true } as const;

// Extension types (spec "ext format family") print as `ext<type>(h'…')`; the timestamp
// extension (type -1) is decoded to a Date by the library.
const asTagged = (v: object) =>
  v instanceof ExtData ? { tag: `ext${v.type}`, value: v.data } : undefined;

export function decodeMsgpack(bytes: Uint8Array): unknown[] {
  try {
    return [...decodeMulti(bytes, DECODE_OPTIONS)];
  } catch (e) {
    // @msgpack/msgpack refuses a map key "__proto__" outright (a prototype-pollution guard, no
    // option turns it off): well-formed MessagePack this view cannot show, so say exactly that.
    if (e instanceof Error && /__proto__/.test(e.message))
      throw new Error(
        'a map key "__proto__" cannot be shown: the MessagePack decoder refuses it (use the hex view)',
        { cause: e },
      );
    throw e;
  }
}

export function encodeMsgpackValue(value: unknown): Uint8Array {
  return encode(value);
}

export const msgpackCodec = structuredCodec({
  kind: 'msgpack',
  name: 'MessagePack',
  decodeItems: decodeMsgpack,
  encodeValue: encodeMsgpackValue,
  asTagged,
});

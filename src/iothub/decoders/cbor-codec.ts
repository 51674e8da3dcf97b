// CBOR (RFC 8949) through cbor-x. Loaded on demand (load-decoder.ts): cbor-x stays out of the
// first screen. cbor-x tries `new Function` for speed and falls back when a CSP forbids it, as
// the console's does (decode.js checks at load).
import { Decoder, Encoder, Tag } from 'cbor-x';

import { structuredCodec } from './structured-codec.ts';

// Maps stay Maps so that non-string keys (RFC 8949 §5.6) are shown, not coerced to strings.
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
// Plain CBOR only: no cbor-x records (tag 105) or packing, which other decoders do not read;
// variableMapSize gives the shortest map headers (RFC 8949 §4.1, preferred serialization).
const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, variableMapSize: true });

const asTagged = (v: object) => (v instanceof Tag ? { tag: v.tag, value: v.value } : undefined);

export function decodeCbor(bytes: Uint8Array): unknown[] {
  // A body may be a CBOR sequence (RFC 8742): items one after another.
  const items = decoder.decodeMultiple(bytes) as unknown[] | undefined;
  return items ?? [];
}

export function encodeCborValue(value: unknown): Uint8Array {
  return new Uint8Array(encoder.encode(value));
}

export const cborCodec = structuredCodec({
  kind: 'cbor',
  name: 'CBOR',
  decodeItems: decodeCbor,
  encodeValue: encodeCborValue,
  asTagged,
});

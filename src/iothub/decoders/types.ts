// The shape every payload view shares (issue 8, "Payloads as they were meant"): a view turns the
// bytes that crossed the wire into text for the reader, and, for the sending side, text back into
// bytes. The bytes themselves are never changed. Pure.
import type { Result } from '../result.ts';

import type { ProtoSchema } from './protobuf-schema.ts';

export type PayloadViewKind = 'json' | 'text' | 'hex' | 'base64' | 'cbor' | 'msgpack' | 'protobuf';

export const PAYLOAD_VIEW_KINDS: readonly PayloadViewKind[] = [
  'json',
  'text',
  'hex',
  'base64',
  'cbor',
  'msgpack',
  'protobuf',
];

/** A stretch of the body that a view could not read (offset and length in bytes). */
export type ByteRange = { offset: number; length: number };

export type PayloadView = {
  kind: PayloadViewKind;
  /** What the reader sees: pretty JSON, text, a hex dump, CBOR diagnostic notation, … */
  text: string;
  /** The decoded value, for the structured views (json, cbor, msgpack, protobuf). */
  value?: unknown;
  /** Bytes that are not valid in this view (text: invalid UTF-8 sequences). */
  invalid?: ByteRange[];
};

/** What a view needs beyond the bytes: Protobuf needs the user's schema and a message type. */
export type CodecContext = { protobuf?: { schema: ProtoSchema; type: string } };

export type PayloadCodec = {
  kind: PayloadViewKind;
  decode: (bytes: Uint8Array, context?: CodecContext) => Result<PayloadView>;
  /**
   * Text as the user typed it to the bytes to send. json/cbor/msgpack/protobuf read JSON text;
   * text is sent as UTF-8; hex and base64 are parsed. Errors say where and why.
   */
  encode: (text: string, context?: CodecContext) => Result<Uint8Array>;
};

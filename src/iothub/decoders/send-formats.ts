// What a composed body is sent as (issue 8, "Sending"): the user types JSON, text, hex or base64,
// or JSON to be encoded as CBOR, MessagePack or Protobuf; each format says its content type and
// content encoding unless the user typed their own. Pure and light (no codec is loaded).
import { PAYLOAD_VIEW_KINDS, type PayloadViewKind } from './types.ts';

export type SendFormat = PayloadViewKind;

/**
 * IoT Hub routes on $body only when the message says application/json and a UTF-8 encoding
 * (Microsoft Learn, "IoT Hub message routing query syntax", "Message body as JSON"), so JSON and
 * text say so. Binary bodies have no character encoding: content encoding stays empty. CBOR:
 * RFC 8949 §9.5; MessagePack and Protobuf have no registered type that devices agree on, so the
 * common ones are used (default-view.ts reads these and their variants).
 */
export const FORMAT_CONTENT: Record<SendFormat, { type: string; encoding: string }> = {
  json: { type: 'application/json', encoding: 'utf-8' },
  text: { type: 'text/plain', encoding: 'utf-8' },
  hex: { type: 'application/octet-stream', encoding: '' },
  base64: { type: 'application/octet-stream', encoding: '' },
  cbor: { type: 'application/cbor', encoding: '' },
  msgpack: { type: 'application/msgpack', encoding: '' },
  protobuf: { type: 'application/x-protobuf', encoding: '' },
};

/** In the order the send forms offer them: the views' order. */
export const SEND_FORMATS: readonly SendFormat[] = PAYLOAD_VIEW_KINDS;

/** Formats whose text the user types is JSON (the editor highlights it as such). */
export const TYPED_AS_JSON: ReadonlySet<SendFormat> = new Set([
  'json',
  'cbor',
  'msgpack',
  'protobuf',
]);

/** Formats sent as the text typed, in UTF-8; the rest are sent as the bytes they encode to. */
export const SENT_AS_TEXT: ReadonlySet<SendFormat> = new Set(['json', 'text']);

export const FORMAT_NAMES: Record<SendFormat, string> = {
  json: 'JSON',
  text: 'Text',
  hex: 'Hex',
  base64: 'Base64',
  cbor: 'CBOR',
  msgpack: 'MessagePack',
  protobuf: 'Protobuf',
};

/** The content fields of a send form, as typed: a typed value is kept when the format changes. */
export type ContentChoice = {
  format: SendFormat;
  contentType: string;
  contentTypeSet: boolean;
  contentEncoding: string;
  contentEncodingSet: boolean;
};

export function effectiveContentType(d: ContentChoice): string {
  return d.contentTypeSet ? d.contentType : FORMAT_CONTENT[d.format].type;
}

export function effectiveContentEncoding(d: ContentChoice): string {
  return d.contentEncodingSet ? d.contentEncoding : FORMAT_CONTENT[d.format].encoding;
}

export function isSendFormat(v: string): v is SendFormat {
  return Object.hasOwn(FORMAT_CONTENT, v);
}

// Which view a record opens in: what IoT Hub's content-type and content-encoding system
// properties ($.ct, $.ce) say, and failing that what the bytes look like. The user can switch any
// record to any view; this is only the first guess. Pure and light (no decoder is loaded).
import type { PayloadViewKind } from './types.ts';
import { decodeUtf8Strict } from './utf8.ts';

/** Media types (RFC 2045 §5.1: type/subtype; parameters) to views, without parameters. */
const BY_MEDIA_TYPE: Record<string, PayloadViewKind> = {
  'application/json': 'json',
  'application/cbor': 'cbor', // RFC 8949 §9.5
  'application/msgpack': 'msgpack',
  'application/x-msgpack': 'msgpack',
  'application/vnd.msgpack': 'msgpack',
  'application/protobuf': 'protobuf',
  'application/x-protobuf': 'protobuf',
  'application/vnd.google.protobuf': 'protobuf',
  'application/octet-stream': 'hex',
};

/** `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!/^[[{"]/.test(t)) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

export function defaultView(
  bytes: Uint8Array,
  contentType?: string,
  contentEncoding?: string,
): PayloadViewKind {
  const type = mediaType(contentType);
  const byType = BY_MEDIA_TYPE[type];
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  // A base64 content-encoding (RFC 2045 §6.8 names it so) says the body is base64 text.
  if (encoding === 'base64') return 'base64';
  if (byType === 'json') {
    // Declared JSON that does not parse is shown as text, so the user sees what arrived.
    const text = decodeUtf8Strict(bytes);
    return text !== undefined && looksLikeJson(text) ? 'json' : 'text';
  }
  if (byType) return byType;
  // Structured syntax suffixes (RFC 6839): application/vnd.foo+json, +cbor.
  if (type.endsWith('+json')) return looksLikeJson(decodeUtf8Strict(bytes) ?? '') ? 'json' : 'text';
  if (type.endsWith('+cbor')) return 'cbor';
  if (bytes.length === 0) return 'text';
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) return 'hex';
  if (type.startsWith('text/')) return 'text';
  return looksLikeJson(text) ? 'json' : 'text';
}

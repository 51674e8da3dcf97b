// Text and byte helpers that behave the same in browsers and Node 20 (no Buffer).

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (padding required, no whitespace); undefined when invalid or empty. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text === '' || !BASE64.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * encodeURIComponent plus `!'()*`, exactly as azure-iot-common's encodeUriComponentStrict,
 * including its lower-case hex for `*` (`%2a`) (spec §1.4).
 */
export function encodeUriComponentStrict(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16));
}

// Decodes a run of %XX escapes, keeping raw only the escapes that form no valid UTF-8.
function decodeRun(run: string): string {
  let out = '';
  let i = 0;
  while (i < run.length) {
    let step = 0;
    for (let bytes = 4; bytes >= 1 && step === 0; bytes--) {
      const piece = run.slice(i, i + bytes * 3);
      if (piece.length < bytes * 3) continue;
      try {
        out += decodeURIComponent(piece);
        step = piece.length;
      } catch {
        // not a complete UTF-8 sequence of this length
      }
    }
    if (step === 0) {
      out += run.slice(i, i + 3);
      step = 3;
    }
    i += step;
  }
  return out;
}

/** decodeURIComponent that never throws: well-formed escapes are decoded, broken ones kept raw. */
export function safeDecodeURIComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
  }
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Unicode Cc: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F) (spec §4.3). */
export function isControlChar(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

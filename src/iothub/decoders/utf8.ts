// UTF-8 validation that says where a body is not UTF-8. The ranges follow the "maximal subpart"
// practice of the Unicode Standard (§3.9, "U+FFFD Substitution of Maximal Subparts"), which is
// also what WHATWG's TextDecoder does, so each range is one U+FFFD in the decoded text. Pure.
import type { ByteRange } from './types.ts';

const lenient = new TextDecoder('utf-8');
const strict = new TextDecoder('utf-8', { fatal: true });

/** The valid range of the second byte of a sequence led by `lead` (RFC 3629 §4, Table 3-7). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf]; // no overlong 3-byte forms
  if (lead === 0xed) return [0x80, 0x9f]; // no UTF-16 surrogates
  if (lead === 0xf0) return [0x90, 0xbf]; // no overlong 4-byte forms
  if (lead === 0xf4) return [0x80, 0x8f]; // nothing above U+10FFFF
  return [0x80, 0xbf];
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The invalid stretches of `bytes`, in order; empty when the bytes are valid UTF-8. */
export function invalidUtf8Ranges(bytes: Uint8Array): ByteRange[] {
  const out: ByteRange[] = [];
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const need = sequenceLength(lead);
    if (need === 0) {
      out.push({ offset: i, length: 1 });
      i++;
      continue;
    }
    let taken = 1;
    while (taken < need && i + taken < bytes.length) {
      const b = bytes[i + taken] as number;
      const [lo, hi] = taken === 1 ? secondByteRange(lead) : [0x80, 0xbf];
      if (b < lo || b > hi) break;
      taken++;
    }
    if (taken < need) out.push({ offset: i, length: taken });
    i += taken;
  }
  return out;
}

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes with U+FFFD for each invalid range. */
export const decodeUtf8Lenient = (bytes: Uint8Array): string => lenient.decode(bytes);

/** Decodes, or undefined when the bytes are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();
export const encodeUtf8 = (text: string): Uint8Array => encoder.encode(text);

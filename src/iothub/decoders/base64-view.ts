// Base64 (RFC 4648 §4, the standard alphabet with padding) for reading and for typing bytes to
// send. Whitespace is ignored on input, since pasted base64 is often wrapped (RFC 2045 wraps at
// 76 characters). Pure.
import { bytesToBase64 } from '../encoding.ts';
import { err, ok, type Result } from '../result.ts';

import type { PayloadCodec } from './types.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function parseBase64(text: string): Result<Uint8Array> {
  // Fast path for well-formed input (journal imports carry megabytes of it): the platform's atob.
  const compact = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  if (CANONICAL.test(compact) && canonicalTail(compact)) {
    const binary = atob(compact);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return ok(out);
  }
  return parseBase64Slowly(text);
}

/** The bits after the data in the last character are zero (RFC 4648 §3.5), as atob does not check. */
function canonicalTail(compact: string): boolean {
  if (!compact.endsWith('=')) return true;
  const last = VALUE.get(compact[compact.length - (compact.endsWith('==') ? 3 : 2)] as string) ?? 0;
  return (last & (compact.endsWith('==') ? 0x0f : 0x03)) === 0;
}

/** Reads character by character to say where and why the input is not base64. */
function parseBase64Slowly(text: string): Result<Uint8Array> {
  // Keep each character's position in the input, so errors point at what the user typed.
  const chars: { c: string; at: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (!/\s/.test(c)) chars.push({ c, at: i });
  }
  let padding = 0;
  while (padding < 2 && chars[chars.length - 1 - padding]?.c === '=') padding++;
  const data = chars.slice(0, chars.length - padding);
  for (const { c, at } of data) {
    if (VALUE.has(c)) continue;
    if (c === '-' || c === '_')
      return err(`Invalid base64 at position ${at}: '${c}' is base64url; use '+' and '/' instead`);
    return err(`Invalid base64 at position ${at}: '${c}'`);
  }
  if (chars.length % 4 !== 0)
    return err(
      `Invalid base64: ${chars.length} characters; base64 comes in groups of 4 (pad with '=')`,
    );
  if (padding > 0 && data.length % 4 === 1)
    return err('Invalid base64: too much padding at the end');
  const out = new Uint8Array(Math.floor((data.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const { c } of data) {
    acc = (acc << 6) | (VALUE.get(c) as number);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or two different strings would mean the same bytes (RFC 4648 §3.5).
  if ((acc & ((1 << bits) - 1)) !== 0)
    return err('Invalid base64: the last character has bits set beyond the end of the data');
  return ok(out);
}

export const base64Codec: PayloadCodec = {
  kind: 'base64',
  decode: (bytes) => ok({ kind: 'base64', text: bytesToBase64(bytes) }),
  encode: parseBase64,
};

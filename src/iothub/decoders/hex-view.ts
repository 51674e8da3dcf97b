// Hex: a dump for reading (offset, 16 bytes a line, an ASCII column, like `hexdump -C`) and a
// parser for typing bytes to send. Pure.
import { err, ok, type Result } from '../result.ts';

import type { PayloadCodec } from './types.ts';

const BYTES_PER_LINE = 16;
const HEX = '0123456789abcdef';

const byteHex = (b: number) => (HEX[b >> 4] as string) + (HEX[b & 15] as string);
/** Printable ASCII (0x20–0x7e) as itself, anything else as a dot, so the column stays aligned. */
const asciiOf = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** `00000010  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|` */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; start += BYTES_PER_LINE) {
    const row = bytes.subarray(start, start + BYTES_PER_LINE);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < BYTES_PER_LINE; i++) {
      const b = row[i];
      hex += (b === undefined ? '  ' : byteHex(b)) + (i === 7 ? '  ' : ' ');
      if (b !== undefined) ascii += asciiOf(b);
    }
    lines.push(`${start.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}

/** Bytes as hex pairs separated by spaces: `48 65 6c`. */
export function toHexPairs(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i > 0 ? ' ' : '') + byteHex(bytes[i] as number);
  return out;
}

const isHexDigit = (c: string) => /^[0-9a-fA-F]$/.test(c);

/**
 * Parses hex as people paste it: pairs with or without spaces, commas, colons or line breaks
 * between them, each pair optionally written `0x48`. Positions in errors count characters of
 * the input from 0.
 */
export function parseHex(text: string): Result<Uint8Array> {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/[\s,:]/.test(c)) {
      i++;
      continue;
    }
    if (
      c === '0' &&
      (text[i + 1] === 'x' || text[i + 1] === 'X') &&
      isHexDigit(text[i + 2] ?? '')
    ) {
      i += 2;
      continue;
    }
    const pair = text.slice(i, i + 2);
    if (!isHexDigit(c) || !isHexDigit(text[i + 1] ?? '')) {
      if (isHexDigit(c) && (i + 1 >= text.length || /[\s,:]/.test(text[i + 1] as string)))
        return err(
          `Invalid hex at position ${i}: '${c}' is half a byte (hex needs two digits a byte)`,
        );
      return err(`Invalid hex at position ${i}: '${pair}'`);
    }
    out.push(Number.parseInt(pair, 16));
    i += 2;
  }
  return ok(Uint8Array.from(out));
}

export const hexCodec: PayloadCodec = {
  kind: 'hex',
  decode: (bytes) => ok({ kind: 'hex', text: hexDump(bytes) }),
  encode: parseHex,
};

// JSON: the body parsed as UTF-8 JSON (RFC 8259 §8.1 requires UTF-8) and shown pretty. Pure.
import { err, ok, type Result } from '../result.ts';

import type { PayloadCodec } from './types.ts';
import { decodeUtf8Strict, encodeUtf8, invalidUtf8Ranges } from './utf8.ts';

/** Parses JSON text, with the engine's reason (it names the position) on failure. */
export function parseJson(text: string): Result<unknown> {
  if (text.trim() === '') return err('Invalid JSON: the text is empty');
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err(`Invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function decodeJsonBytes(bytes: Uint8Array): Result<unknown> {
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) {
    const first = invalidUtf8Ranges(bytes)[0];
    return err(`Not JSON: invalid UTF-8 at byte ${first?.offset ?? 0}`);
  }
  return parseJson(text);
}

export const jsonCodec: PayloadCodec = {
  kind: 'json',
  decode: (bytes) => {
    const parsed = decodeJsonBytes(bytes);
    if (!parsed.ok) return parsed;
    return ok({ kind: 'json', text: JSON.stringify(parsed.value, null, 2), value: parsed.value });
  },
  // The user's text is sent as typed (after checking it parses), so their formatting survives.
  encode: (text) => {
    const parsed = parseJson(text);
    return parsed.ok ? ok(encodeUtf8(text)) : parsed;
  },
};

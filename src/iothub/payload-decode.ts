/** How a received body is shown: pretty JSON, UTF-8 text, or hex for anything else. Pure. */
export type DecodedPayload =
  | { kind: 'json'; text: string; pretty: string; bytes: number }
  | { kind: 'text'; text: string; bytes: number }
  | { kind: 'binary'; hex: string; bytes: number }
  | { kind: 'empty'; bytes: 0 };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodePayload(payload: Uint8Array): DecodedPayload {
  if (payload.length === 0) return { kind: 'empty', bytes: 0 };
  let text: string;
  try {
    text = strictUtf8.decode(payload);
  } catch {
    return { kind: 'binary', hex: toHex(payload), bytes: payload.length };
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
    try {
      const pretty = JSON.stringify(JSON.parse(text), null, 2);
      return { kind: 'json', text, pretty, bytes: payload.length };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { kind: 'text', text, bytes: payload.length };
}

export function toHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(b.toString(16).padStart(2, '0'));
  return parts.join(' ');
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

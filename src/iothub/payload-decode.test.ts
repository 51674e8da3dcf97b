import { describe, expect, it } from 'vitest';

import { decodePayload, utf8Length } from './payload-decode';

const enc = (s: string) => new TextEncoder().encode(s);

describe('decodePayload', () => {
  it('pretty-prints JSON', () => {
    const d = decodePayload(enc('{"a":1}'));
    expect(d).toMatchObject({ kind: 'json', pretty: '{\n  "a": 1\n}', bytes: 7 });
  });

  it('keeps text that only looks like JSON as text', () => {
    expect(decodePayload(enc('{oops'))).toMatchObject({ kind: 'text', text: '{oops' });
    expect(decodePayload(enc('<img src=x onerror=alert(1)>'))).toMatchObject({ kind: 'text' });
  });

  it('shows non-UTF-8 bytes as hex', () => {
    expect(decodePayload(new Uint8Array([0xff, 0x00, 0x1a]))).toEqual({
      kind: 'binary',
      hex: 'ff 00 1a',
      bytes: 3,
    });
  });

  it('reports empty bodies', () => {
    expect(decodePayload(new Uint8Array())).toEqual({ kind: 'empty', bytes: 0 });
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Length('é€')).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';

import { jsonCodec } from './json-view.ts';
import { textCodec } from './text-view.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('json view', () => {
  it('pretty-prints and keeps the value', () => {
    expect(jsonCodec.decode(enc('{"a":[1,{"b":null}]}'))).toEqual({
      ok: true,
      value: {
        kind: 'json',
        text: '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}',
        value: { a: [1, { b: null }] },
      },
    });
  });

  it('refuses non-JSON with the reason', () => {
    expect(jsonCodec.decode(enc('{oops'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid JSON: /),
    });
    expect(jsonCodec.decode(Uint8Array.from([0x7b, 0xff]))).toEqual({
      ok: false,
      error: 'Not JSON: invalid UTF-8 at byte 1',
    });
  });

  it('sends the text as typed once it parses', () => {
    expect(jsonCodec.encode('{ "a": 1 }')).toEqual({ ok: true, value: enc('{ "a": 1 }') });
    expect(jsonCodec.encode('{ "a": }')).toMatchObject({ ok: false });
    expect(jsonCodec.encode('  ')).toEqual({ ok: false, error: 'Invalid JSON: the text is empty' });
  });
});

describe('text view', () => {
  it('reports invalid sequences and shows them as U+FFFD', () => {
    expect(textCodec.decode(Uint8Array.from([0x68, 0x69, 0xc3]))).toEqual({
      ok: true,
      value: { kind: 'text', text: 'hi\uFFFD', invalid: [{ offset: 2, length: 1 }] },
    });
    expect(textCodec.decode(enc('héllo'))).toEqual({
      ok: true,
      value: { kind: 'text', text: 'héllo' },
    });
  });

  it('sends UTF-8', () => {
    expect(textCodec.encode('€')).toEqual({ ok: true, value: Uint8Array.from([0xe2, 0x82, 0xac]) });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { base64Codec, parseBase64 } from './base64-view.ts';

describe('base64', () => {
  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const view = base64Codec.decode(b);
        if (!view.ok) throw new Error(view.error);
        expect(view.value.text).toBe(Buffer.from(b).toString('base64'));
        expect(parseBase64(view.value.text)).toEqual({ ok: true, value: b });
      }),
    );
  });

  it('ignores line breaks in pasted base64', () => {
    expect(parseBase64('SGVs\nbG8=\n')).toEqual({
      ok: true,
      value: new TextEncoder().encode('Hello'),
    });
  });

  it('says where and why', () => {
    expect(parseBase64('SGV*bG8=')).toEqual({
      ok: false,
      error: "Invalid base64 at position 3: '*'",
    });
    expect(parseBase64('SGV_bG8=')).toMatchObject({
      ok: false,
      error: expect.stringContaining('base64url'),
    });
    expect(parseBase64('SGVsbG8')).toMatchObject({
      ok: false,
      error: expect.stringContaining('groups of 4'),
    });
    // "SGVsbG9=" sets bits past the data: another string for the same bytes, refused.
    expect(parseBase64('SGVsbG9=')).toMatchObject({
      ok: false,
      error: expect.stringContaining('bits'),
    });
  });

  it('accepts only canonical base64: what it reads re-encodes to the same text', () => {
    const chars = fc.constantFrom(...'ABCDQRSgw+/019=\n ');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 12 }).map((a) => a.join('')),
        (text) => {
          const r = parseBase64(text);
          if (r.ok) expect(Buffer.from(r.value).toString('base64')).toBe(text.replace(/\s+/g, ''));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts the empty string as no bytes', () => {
    expect(parseBase64('')).toEqual({ ok: true, value: new Uint8Array() });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { hexCodec, hexDump, parseHex, toHexPairs } from './hex-view.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('hexDump', () => {
  it('shows offset, 16 bytes a line in two groups of 8, and an ASCII column', () => {
    expect(hexDump(enc('Hello, IoT Hub!\n\u0000AB'))).toBe(
      '00000000  48 65 6c 6c 6f 2c 20 49  6f 54 20 48 75 62 21 0a  |Hello, IoT Hub!.|\n' +
        '00000010  00 41 42                                          |.AB|',
    );
  });

  it('is empty for no bytes', () => {
    expect(hexDump(new Uint8Array())).toBe('');
  });

  it('has one line per 16 bytes, each offset 16 more', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const lines = hexDump(b).split('\n').filter(Boolean);
        expect(lines).toHaveLength(Math.ceil(b.length / 16));
        lines.forEach((line, i) =>
          expect(line.slice(0, 8)).toBe((i * 16).toString(16).padStart(8, '0')),
        );
      }),
    );
  });
});

describe('parseHex', () => {
  it('reads pairs with or without separators and 0x prefixes', () => {
    const want = Uint8Array.from([0x0a, 0xff, 0x00]);
    for (const text of ['0aff00', '0a ff 00', '0A:FF:00', '0x0a, 0xff, 0x00', '0a\nff\t00'])
      expect(parseHex(text)).toEqual({ ok: true, value: want });
  });

  it('says where and why', () => {
    expect(parseHex('0a 0b 0zz')).toEqual({ ok: false, error: "Invalid hex at position 6: '0z'" });
    expect(parseHex('0a0b0c0zz')).toEqual({ ok: false, error: "Invalid hex at position 6: '0z'" });
    expect(parseHex('00 11 zz')).toEqual({ ok: false, error: "Invalid hex at position 6: 'zz'" });
    expect(parseHex('0a b')).toMatchObject({
      ok: false,
      error: expect.stringContaining('position 3'),
    });
    expect(parseHex('abc')).toMatchObject({
      ok: false,
      error: expect.stringContaining('half a byte'),
    });
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(parseHex(toHexPairs(b))).toEqual({ ok: true, value: b });
        expect(hexCodec.encode(toHexPairs(b).replaceAll(' ', ''))).toEqual({ ok: true, value: b });
      }),
    );
  });
});

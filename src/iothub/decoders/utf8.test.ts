import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodeUtf8Lenient, decodeUtf8Strict, invalidUtf8Ranges, isUtf8 } from './utf8.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('invalidUtf8Ranges', () => {
  it('finds nothing in valid UTF-8', () => {
    expect(invalidUtf8Ranges(new TextEncoder().encode('héllo €𝄞'))).toEqual([]);
  });

  it('names each invalid stretch by offset and length', () => {
    expect(invalidUtf8Ranges(bytes(0x61, 0xff, 0x62))).toEqual([{ offset: 1, length: 1 }]);
    // A truncated 3-byte sequence is one stretch (a maximal subpart).
    expect(invalidUtf8Ranges(bytes(0xe2, 0x82, 0x41))).toEqual([{ offset: 0, length: 2 }]);
    // A UTF-16 surrogate encoded in UTF-8 (ED A0 80) is three stretches.
    expect(invalidUtf8Ranges(bytes(0xed, 0xa0, 0x80))).toHaveLength(3);
    // Overlong "/" (C0 AF) is two.
    expect(invalidUtf8Ranges(bytes(0xc0, 0xaf))).toEqual([
      { offset: 0, length: 1 },
      { offset: 1, length: 1 },
    ]);
  });

  it('agrees with TextDecoder: each range is one U+FFFD between valid pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const ranges = invalidUtf8Ranges(b);
        let rebuilt = '';
        let at = 0;
        for (const r of ranges) {
          rebuilt += decodeUtf8Strict(b.subarray(at, r.offset)) + '\uFFFD';
          at = r.offset + r.length;
        }
        rebuilt += decodeUtf8Strict(b.subarray(at));
        expect(rebuilt).toBe(decodeUtf8Lenient(b));
        expect(ranges.length === 0).toBe(isUtf8(b));
      }),
      { numRuns: 2000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { cborCodec, decodeCbor, encodeCborValue } from './cbor-codec.ts';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const view = (h: string) => {
  const r = cborCodec.decode(hex(h));
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('CBOR view', () => {
  // Examples from RFC 8949 Appendix A.
  it('reads the RFC 8949 examples in diagnostic notation', () => {
    expect(view('a26161016162820203').text).toBe('{\n  "a": 1,\n  "b": [\n    2,\n    3\n  ]\n}');
    expect(view('4401020304').text).toBe("h'01020304'");
    expect(view('f7').text).toBe('undefined');
    expect(view('f97c00').text).toBe('Infinity');
    expect(view('1bffffffffffffffff').text).toBe('18446744073709551615');
    expect(view('a201020304').text).toBe('{\n  1: 2,\n  3: 4\n}');
    expect(view('d82076687474703a2f2f7777772e6578616d706c652e636f6d').text).toBe(
      '32("http://www.example.com")',
    );
  });

  it('shows a CBOR sequence (RFC 8742) item by item', () => {
    expect(view('0102')).toEqual({ kind: 'cbor', text: '1,\n2', value: [1, 2] });
  });

  it('says why bytes are not CBOR', () => {
    expect(cborCodec.decode(hex('a2'))).toEqual({
      ok: false,
      error: 'Not CBOR: Unexpected end of CBOR data',
    });
    expect(cborCodec.decode(new Uint8Array())).toEqual({
      ok: false,
      error: 'Not CBOR: the body is empty',
    });
  });

  it('encodes JSON with the shortest map header (preferred serialization)', () => {
    const r = cborCodec.encode('{"a":1,"b":[2,3]}');
    expect(r.ok && toHex(r.value)).toBe('a26161016162820203');
    expect(cborCodec.encode('{"a":')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid JSON/),
    });
  });

  it('round-trips arbitrary JSON values, and shows them exactly as pretty JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const decoded = decodeCbor(encodeCborValue(v));
        expect(decoded).toHaveLength(1);
        const r = cborCodec.decode(encodeCborValue(v));
        if (!r.ok) throw new Error(r.error);
        // JSON text is the comparison: JSON itself cannot tell -0 from 0.
        expect(JSON.stringify(r.value.value)).toBe(JSON.stringify(v));
        expect(r.value.text).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 500 },
    );
  });
});

describe('CBOR keys that are not ordinary', () => {
  it('keeps a "__proto__" key as data', () => {
    const r = cborCodec.decode(hex('a1695f5f70726f746f5f5f01'));
    if (!r.ok) throw new Error(r.error);
    expect(Object.keys(r.value.value as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r.value.value)).toBe(Object.prototype);
    expect(r.value.text).toBe('{\n  "__proto__": 1\n}');
  });
});

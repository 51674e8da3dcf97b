import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { msgpackCodec } from './msgpack-codec.ts';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const view = (h: string) => {
  const r = msgpackCodec.decode(hex(h));
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('MessagePack view', () => {
  // Formats from the MessagePack spec: fixmap, fixstr, bin 8, uint 64, ext, timestamp.
  it('reads the spec formats', () => {
    expect(view('81a16101').text).toBe('{\n  "a": 1\n}');
    expect(view('c4020a0b').text).toBe("h'0a0b'");
    expect(view('cfffffffffffffffff').text).toBe('18446744073709551615');
    expect(view('cf0000000000000005').value).toBe(5);
    expect(view('d40501').text).toBe("ext5(h'01')");
    expect(view('d6ff00000000').text).toBe('0("1970-01-01T00:00:00.000Z")');
  });

  it('says why bytes are not MessagePack', () => {
    expect(msgpackCodec.decode(hex('81a1'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Not MessagePack: /),
    });
    expect(msgpackCodec.decode(hex('c1'))).toMatchObject({ ok: false });
  });

  it('encodes JSON', () => {
    const r = msgpackCodec.encode('{"a":1}');
    expect(r.ok && Buffer.from(r.value).toString('hex')).toBe('81a16101');
  });

  it('round-trips arbitrary JSON values, and shows them exactly as pretty JSON', () => {
    fc.assert(
      // Without "__proto__" keys: the decoder refuses them (next test).
      fc.property(
        fc.jsonValue().filter((v) => !hasProtoKey(v)),
        (v) => {
          const bytes = msgpackCodec.encode(JSON.stringify(v));
          if (!bytes.ok) throw new Error(bytes.error);
          const r = msgpackCodec.decode(bytes.value);
          if (!r.ok) throw new Error(r.error);
          expect(JSON.stringify(r.value.value)).toBe(JSON.stringify(v));
          expect(r.value.text).toBe(JSON.stringify(v, null, 2));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('says why a map with a "__proto__" key cannot be shown', () => {
    const bytes = msgpackCodec.encode('{"__proto__":0}');
    if (!bytes.ok) throw new Error(bytes.error);
    const r = msgpackCodec.decode(bytes.value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/map key "__proto__" cannot be shown/);
  });
});

function hasProtoKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasProtoKey);
  if (v === null || typeof v !== 'object') return false;
  return Object.keys(v).some(
    (k) => k === '__proto__' || hasProtoKey((v as Record<string, unknown>)[k]),
  );
}

import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { bytesToBase64 } from '../encoding.ts';

import { protobufCodec } from './protobuf-codec.ts';
import { lookupMessageType, parseProtoSchema, type ProtoSchema } from './protobuf-schema.ts';
import { READING_PROTO } from './protobuf.fixture.ts';

function schema(source = READING_PROTO): ProtoSchema {
  const r = parseProtoSchema(source);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
const reading = (s = schema()) => ({ protobuf: { schema: s, type: 'telemetry.Reading' } });

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const uint32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(String);
const nonFinite = fc.constantFrom('NaN', 'Infinity', '-Infinity');
// The value travels as JSON text, which has no -0 (JSON.stringify(-0) is "0").
const notMinusZero = (n: number) => !Object.is(n, -0);
const inner = fc.record({ note: fc.string(), code: uint32 }, { requiredKeys: [] });
const readingValue = fc.record(
  {
    sensor: fc.string(),
    value: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter(notMinusZero),
      nonFinite,
    ),
    count: int32,
    delta: int64,
    ok: fc.boolean(),
    raw: fc.uint8Array({ maxLength: 40 }).map(bytesToBase64),
    samples: fc.array(int32),
    level: fc.constantFrom('LOW', 'HIGH', 'CRITICAL'),
    tags: fc.dictionary(fc.string(), int32, { minKeys: 1 }),
    inner,
    history: fc.array(inner, { minLength: 1, maxLength: 4 }),
    id: fc.bigInt(0n, 2n ** 64n - 1n).map(String),
    ratio: fc.oneof(
      fc.float({ noNaN: true, noDefaultInfinity: true }).filter(notMinusZero),
      nonFinite,
    ),
    offset: int64,
    names: fc.array(fc.string(), { minLength: 1, maxLength: 4 }),
    nested: fc.record({ n: uint32 }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

/**
 * protobufjs leaves out proto3 fields that hold their default (0, false, "", the first enum value,
 * an empty packed list), though they are on the wire; drop them the same way to compare.
 */
function withoutDefaults(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDefaults);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(v)) {
    const isDefault =
      item === 0 ||
      item === false ||
      item === '' ||
      (['delta', 'id', 'offset'].includes(k) && item === '0') ||
      (k === 'level' && item === 'LOW') ||
      (Array.isArray(item) && item.length === 0);
    // Map entries are kept whole: each entry is a message on the wire, default or not.
    if (k === 'tags') out[k] = item;
    else if (!isDefault) out[k] = withoutDefaults(item);
  }
  return out;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Protobuf codec', () => {
  it('round-trips generated messages: encode then decode is the same value', () => {
    const context = reading();
    fc.assert(
      fc.property(readingValue, (v) => {
        const bytes = protobufCodec.encode(JSON.stringify(v), context);
        if (!bytes.ok) throw new Error(bytes.error);
        const back = protobufCodec.decode(bytes.value, context);
        if (!back.ok) throw new Error(back.error);
        expect(back.value.value).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('writes what protobufjs reads (its own generated decoder agrees)', () => {
    const context = reading();
    const type = lookupMessageType(context.protobuf.schema, 'telemetry.Reading');
    if (!type.ok) throw new Error(type.error);
    fc.assert(
      fc.property(readingValue, (v) => {
        const bytes = protobufCodec.encode(JSON.stringify(v), context);
        if (!bytes.ok) throw new Error(bytes.error);
        const theirs = type.value.toObject(type.value.decode(bytes.value), {
          longs: String,
          enums: String,
          bytes: String,
          json: true,
        });
        expect(theirs).toEqual(withoutDefaults(v));
      }),
      { numRuns: 200 },
    );
  });

  it('reads what protobufjs writes', () => {
    const context = reading();
    const type = lookupMessageType(context.protobuf.schema, 'telemetry.Reading');
    if (!type.ok) throw new Error(type.error);
    const message = {
      sensor: 't1',
      value: 21.5,
      samples: [1, -2],
      level: 'HIGH',
      tags: { a: 1 },
      id: '18446744073709551615',
      inner: { code: 7 },
    };
    const bytes = type.value.encode(type.value.fromObject(message)).finish();
    expect(protobufCodec.decode(bytes, context)).toEqual({
      ok: true,
      value: expect.objectContaining({ value: message }),
    });
  });

  it('says where and why a value does not fit the schema', () => {
    const context = reading();
    const error = (json: string) => {
      const r = protobufCodec.encode(json, context);
      return r.ok ? 'encoded' : r.error;
    };
    expect(error('{"count": 1.5}')).toBe(
      'Cannot encode as Reading: at Reading.count: int32 needs an integer from -2147483648 to 2147483647, got number 1.5',
    );
    expect(error('{"history": [{"code": -1}]}')).toContain('at Reading.history[0].code: fixed32');
    expect(error('{"colour": 1}')).toContain('Reading has no field "colour"');
    expect(error('{"level": "MEDIUM"}')).toContain(
      '"MEDIUM" is not a value of Level (LOW, HIGH, CRITICAL)',
    );
    expect(error('{"raw": "zz"}')).toContain('at Reading.raw: Invalid base64');
    expect(error('{"id": "-1"}')).toContain('at Reading.id: uint64');
    expect(error('[1]')).toContain('message Reading needs a JSON object');
    expect(protobufCodec.encode('{}')).toEqual({
      ok: false,
      error: 'Protobuf needs a .proto schema and a message type',
    });
  });

  it('refuses two fields of one oneof', () => {
    const fresh = schema(
      'syntax = "proto3"; message M { oneof reading { int32 i = 1; string s = 2; } optional int32 o = 3; }',
    );
    const context = { protobuf: { schema: fresh, type: 'M' } };
    expect(protobufCodec.encode('{"i": 1, "s": "x"}', context)).toEqual({
      ok: false,
      error: 'Cannot encode as M: at M: "i" and "s" are one of "reading": set only one',
    });
    expect(protobufCodec.encode('{"i": 1, "s": null, "o": 2}', context).ok).toBe(true);
  });

  it('says where bytes do not fit the schema', () => {
    const context = reading();
    // Field 1 (sensor, a string) sent as a varint.
    expect(protobufCodec.decode(Uint8Array.from([0x08, 0x01]), context)).toEqual({
      ok: false,
      error:
        'Not a Reading message: at Reading.sensor, byte 0: wire type VARINT, expected LEN for string',
    });
    // A string field whose length runs past the end.
    expect(protobufCodec.decode(Uint8Array.from([0x0a, 0x05, 0x61]), context)).toMatchObject({
      ok: false,
      error: expect.stringContaining('end'),
    });
  });

  it('keeps fields the schema does not know under their number', () => {
    const r = protobufCodec.decode(Uint8Array.from([0xf8, 0x06, 0x2a]), reading()); // field 111 = 42
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ value: { '111': '42' } }) });
  });

  it('needs no generated code, so it works under the console CSP (no eval)', () => {
    const fresh = schema(
      'syntax = "proto3"; message M { int32 x = 1; map<string, string> m = 2; }',
    );
    vi.stubGlobal('Function', () => {
      throw new EvalError('Code generation from strings disallowed');
    });
    const type = lookupMessageType(fresh, 'M');
    if (!type.ok) throw new Error(type.error);
    // The stub bites: protobufjs's own encoder needs generated code.
    expect(() => type.value.encode({ x: 1 })).toThrow(EvalError);
    const context = { protobuf: { schema: fresh, type: 'M' } };
    const bytes = protobufCodec.encode('{"x": 5, "m": {"k": "v"}}', context);
    if (!bytes.ok) throw new Error(bytes.error);
    expect(protobufCodec.decode(bytes.value, context)).toMatchObject({
      ok: true,
      value: { value: { x: 5, m: { k: 'v' } } },
    });
  });
});

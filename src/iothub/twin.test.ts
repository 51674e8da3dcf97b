import { describe, expect, it } from 'vitest';

import {
  applyTwinPatch,
  checkTwinSize,
  TWIN_SIZE_LIMITS,
  twinCollectionSize,
  validateTwinPatch,
  type TwinCollection,
} from './twin.ts';

describe('applyTwinPatch', () => {
  it.each<[string, TwinCollection, TwinCollection, TwinCollection]>([
    ['adds', {}, { a: 1 }, { a: 1 }],
    ['replaces', { a: 1 }, { a: 'x' }, { a: 'x' }],
    ['null deletes', { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ['null for a missing key', { b: 2 }, { a: null }, { b: 2 }],
    ['nested merge', { t: { x: 1, y: 2 } }, { t: { y: 3, z: 4 } }, { t: { x: 1, y: 3, z: 4 } }],
    ['nested delete', { t: { x: 1, y: 2 } }, { t: { x: null } }, { t: { y: 2 } }],
    ['object over scalar', { t: 5 }, { t: { a: 1, b: null } }, { t: { a: 1 } }],
    ['scalar over object', { t: { a: 1 } }, { t: false }, { t: false }],
    ['arrays replace whole', { l: [1, 2, 3] }, { l: [4] }, { l: [4] }],
    ['$ keys ignored', { a: 1 }, { $version: 5, a: 2 }, { a: 2 }],
    [
      'desired notification example (spec §3.3)',
      { telemetrySendFrequency: '1m', route: 'x', other: true },
      { telemetrySendFrequency: '5m', route: null, $version: 8 },
      { telemetrySendFrequency: '5m', other: true },
    ],
  ])('%s', (_name, doc, patch, expected) => {
    const docCopy = structuredClone(doc);
    const patchCopy = structuredClone(patch);
    expect(applyTwinPatch(doc, patch)).toEqual(expected);
    expect(doc).toEqual(docCopy);
    expect(patch).toEqual(patchCopy);
  });

  it('shares no objects with its inputs', () => {
    const doc: TwinCollection = { a: { b: { c: 1 } }, l: [{ x: 1 }] };
    const patch: TwinCollection = { n: { m: [1] } };
    const out = applyTwinPatch(doc, patch);
    expect(out.a).not.toBe(doc.a);
    expect(out.l).not.toBe(doc.l);
    expect(out.n).not.toBe(patch.n);
  });

  it("keeps a '__proto__' key from JSON as data", () => {
    const patch = JSON.parse('{"__proto__":{"polluted":true}}') as TwinCollection;
    const out = applyTwinPatch({}, patch);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** `levels` nested objects under the root: {l1: {l2: ... {l<levels>: {leaf: 1}}}}, the shape
 *  of the docs' "one ... ten" example (spec §4.3). */
function nest(levels: number): TwinCollection {
  let value: TwinCollection = { leaf: 1 };
  for (let i = levels; i >= 2; i--) value = { [`l${i}`]: value };
  return { l1: value };
}

describe('validateTwinPatch', () => {
  it.each([
    [{ a: 1, b: 'x', c: true, d: null, e: [1, 'a', { f: 2.5 }], g: { h: {} } }],
    [{ max: 4503599627370495, min: -4503599627370496, float: 1e300 * 0 + 0.1 }],
    [{ s: 'é'.repeat(2048) }],
    [{ ['k'.repeat(1024)]: 1 }],
    [{ ü: 'unicode keys are fine' }],
    [nest(10)],
  ])('accepts %j', (patch) => {
    expect(validateTwinPatch(patch, 'reported')).toEqual({ ok: true, value: patch });
  });

  it.each<[unknown, string, string | undefined]>([
    [[1], 'A desired patch must be a JSON object, not an array', undefined],
    [null, 'A desired patch must be a JSON object, not null', undefined],
    ['x', 'A desired patch must be a JSON object, not string', undefined],
    [new Date(0), 'A desired patch must be a JSON object, not Date', undefined],
    [
      { 'a.b': 1 },
      "Invalid desired patch at 'a.b': property name 'a.b' contains '.'; names must not contain '.', '$', spaces or control characters",
      'a.b',
    ],
    [
      { $version: 3 },
      "Invalid desired patch at '$version': property name '$version' contains '$'; names must not contain '.', '$', spaces or control characters",
      '$version',
    ],
    [
      { o: { 'a b': 1 } },
      "Invalid desired patch at 'o.a b': property name 'a b' contains ' '; names must not contain '.', '$', spaces or control characters",
      'o.a b',
    ],
    [
      { 'a\u0001': 1 },
      "Invalid desired patch at 'a\u0001': property name 'a\u0001' contains U+0001; names must not contain '.', '$', spaces or control characters",
      'a\u0001',
    ],
    [
      { 'a\u0085': 1 },
      "Invalid desired patch at 'a\u0085': property name 'a\u0085' contains U+0085; names must not contain '.', '$', spaces or control characters",
      'a\u0085',
    ],
    [{ '': 1 }, "Invalid desired patch at '': property names must not be empty", ''],
    [
      { ['é'.repeat(513)]: 1 },
      `Invalid desired patch at '${'é'.repeat(513)}': property name is 1026 bytes; the limit is 1024 bytes (UTF-8)`,
      'é'.repeat(513),
    ],
    [
      { s: 'x'.repeat(4097) },
      "Invalid desired patch at 's': string value is 4097 bytes; the limit is 4096 bytes (UTF-8)",
      's',
    ],
    [
      { n: 4503599627370496 },
      "Invalid desired patch at 'n': integer 4503599627370496 is outside [-4503599627370496, 4503599627370495]",
      'n',
    ],
    [
      { n: -4503599627370497 },
      "Invalid desired patch at 'n': integer -4503599627370497 is outside [-4503599627370496, 4503599627370495]",
      'n',
    ],
    [{ n: Number.NaN }, "Invalid desired patch at 'n': NaN is not a JSON number", 'n'],
    [
      { l: [1, { u: undefined }] },
      "Invalid desired patch at 'l[1].u': undefined is not a JSON value (string, number, boolean, object, array or null)",
      'l[1].u',
    ],
    [
      { f: () => 1 },
      "Invalid desired patch at 'f': function is not a JSON value (string, number, boolean, object, array or null)",
      'f',
    ],
    [
      nest(11),
      `Invalid desired patch at 'l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11': nesting is deeper than 10 levels`,
      'l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11',
    ],
  ])('rejects %j', (patch, message, path) => {
    const error =
      path === undefined ? { errorCode: 400004, message } : { errorCode: 400004, message, path };
    expect(validateTwinPatch(patch, 'desired')).toEqual({ ok: false, error });
  });
});

describe('twinCollectionSize', () => {
  it.each<[TwinCollection, number]>([
    [{}, 0],
    [{ a: 1 }, 1 + 8],
    [{ ab: true }, 2 + 4],
    [{ s: 'hello' }, 1 + 5],
    [{ s: 'a\u0000\u0085b' }, 1 + 2],
    [{ o: { x: 1, y: 'zz' } }, 1 + (1 + 8) + (1 + 2)],
    [{ l: [1, 'ab', false] }, 1 + 8 + 2 + 4],
    [{ n: null }, 1],
    [{ a: 1, $version: 4, $metadata: { x: 'y' } }, 9],
  ])('%j -> %i', (collection, size) => {
    expect(twinCollectionSize(collection)).toBe(size);
  });
});

describe('checkTwinSize', () => {
  it('has the limits of spec §4.3', () => {
    expect(TWIN_SIZE_LIMITS).toEqual({ tags: 8192, desired: 32768, reported: 32768 });
  });

  // { k: 'x' * n } has size 1 + n.
  it.each([
    ['tags', 8191, true],
    ['tags', 8192, false],
    ['reported', 32767, true],
    ['desired', 32768, false],
  ] as const)('%s with size %i+1 ok=%s', (section, n, ok) => {
    const c = { k: 'x'.repeat(n) };
    const result = checkTwinSize(c, section);
    if (ok) expect(result).toEqual({ ok: true, value: undefined });
    else {
      expect(result).toEqual({
        ok: false,
        error: {
          errorCode: 400004,
          message: `The ${section} section would be ${n + 1} bytes; IoT Hub allows ${TWIN_SIZE_LIMITS[section]} bytes`,
        },
      });
    }
  });
});

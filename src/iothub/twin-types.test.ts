import { describe, expect, it } from 'vitest';

import { isPlainObject, setOwn } from './twin-types.ts';

describe('isPlainObject', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [Object.create(null), true],
    [JSON.parse('{"a":1}'), true],
    [[], false],
    [null, false],
    ['x', false],
    [new Date(0), false],
    [new Map(), false],
  ])('%j -> %s', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});

describe('setOwn', () => {
  it("defines '__proto__' as an own data property", () => {
    const target: Record<string, number> = {};
    setOwn(target, '__proto__', 1);
    setOwn(target, 'a', 2);
    expect(Object.getOwnPropertyDescriptor(target, '__proto__')?.value).toBe(1);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__', 'a']);
  });
});

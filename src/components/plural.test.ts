import { describe, expect, it } from 'vitest';

import { plural } from './plural.ts';

describe('plural', () => {
  it.each([
    [0, 'invocation', undefined, '0 invocations'],
    [1, 'invocation', undefined, '1 invocation'],
    [2, 'invocation', undefined, '2 invocations'],
    [1, 'property', 'properties', '1 property'],
    [3, 'property', 'properties', '3 properties'],
  ])('%i %s', (n, one, many, expected) => {
    expect(plural(n, one, many)).toBe(expected);
  });
});

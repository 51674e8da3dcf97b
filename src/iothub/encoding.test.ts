import { describe, expect, it } from 'vitest';

import {
  base64ToBytes,
  bytesToBase64,
  encodeUriComponentStrict,
  isControlChar,
  safeDecodeURIComponent,
  utf8Bytes,
  utf8Length,
} from './encoding.ts';
import { err, ok } from './result.ts';

describe('base64', () => {
  it.each([
    ['AQID', [1, 2, 3]],
    ['AQI=', [1, 2]],
    ['AQ==', [1]],
    ['+/8=', [251, 255]],
  ])('%s <-> %j', (text, bytes) => {
    expect([...(base64ToBytes(text) ?? [])]).toEqual(bytes);
    expect(bytesToBase64(Uint8Array.from(bytes))).toBe(text);
  });

  it.each(['', 'AQI', 'AQ=', 'A===', 'AQ==AQ==', 'AQ ID', '-_8=', 'AQI=\n'])(
    'rejects %j',
    (text) => {
      expect(base64ToBytes(text)).toBeUndefined();
    },
  );
});

describe('encodeUriComponentStrict', () => {
  it.each([
    ['h/devices/d', 'h%2Fdevices%2Fd'],
    ["!'()*", '%21%27%28%29%2a'],
    ['a b&c=d', 'a%20b%26c%3Dd'],
    ['-_.~', '-_.~'],
  ])('%s -> %s', (text, expected) => {
    expect(encodeUriComponentStrict(text)).toBe(expected);
  });
});

describe('safeDecodeURIComponent', () => {
  it.each([
    ['a%20b', 'a b'],
    ['%2f', '/'],
    ['100%', '100%'],
    ['%zz%20', '%zz '],
    ['%C3%BC%E0%A4', 'ü%E0%A4'],
    ['%E0%A4 %41', '%E0%A4 A'],
  ])('%s -> %s', (text, expected) => {
    expect(safeDecodeURIComponent(text)).toBe(expected);
  });
});

describe('utf8', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['😀', 4],
  ])('%s is %i bytes', (text, length) => {
    expect(utf8Length(text)).toBe(length);
    expect(utf8Bytes(text).length).toBe(length);
  });
});

describe('isControlChar', () => {
  it.each([
    [0x00, true],
    [0x1f, true],
    [0x20, false],
    [0x7e, false],
    [0x7f, true],
    [0x9f, true],
    [0xa0, false],
  ])('U+%s -> %s', (code, expected) => {
    expect(isControlChar(code)).toBe(expected);
  });
});

describe('result helpers', () => {
  it('builds both arms', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(err('no')).toEqual({ ok: false, error: 'no' });
  });
});

import { describe, expect, it, vi } from 'vitest';

import { signSasToken, verifySasToken } from '../src/iothub/sas-token.ts';

import { constantTimeEqual, verifyHubToken } from './sas.ts';
import { nowSeconds } from './time.ts';

const key = Buffer.alloc(32, 7).toString('base64');
const token = () =>
  signSasToken({ resourceUri: 'localhost/devices/d', key, expiresAt: nowSeconds() + 60 });

/** The token with one character of its signature changed (still valid base64). */
function tampered(t: string): string {
  return t.replace(/sig=([^&])/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
}

describe('emulator SAS verification', () => {
  it('accepts a good signature and refuses one differing in a byte or in length', async () => {
    const good = await token();
    expect((await verifyHubToken(good, [key])).ok).toBe(true);
    const bad = await verifyHubToken(tampered(good), [key]);
    expect(bad).toMatchObject({ ok: false, reason: 'bad-signature' });
    const short = await verifyHubToken(good.replace(/sig=[^&]+/, 'sig=AAAA'), [key]);
    expect(short).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('compares with the injected constant-time function, once per candidate key', async () => {
    const equal = vi.fn(constantTimeEqual);
    const other = Buffer.alloc(32, 9).toString('base64');
    const result = await verifySasToken(await token(), {
      keys: [other, key],
      now: nowSeconds(),
      equal,
    });
    expect(result.ok).toBe(true);
    expect(equal).toHaveBeenCalledTimes(2);
  });

  it('constantTimeEqual treats a length mismatch as unequal instead of throwing', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1]))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';

import { openSecret, PBKDF2_ITERATIONS, sealSecret, WRONG_PASSPHRASE } from './secret-box.ts';

const KEY = 'QNdFnZAHrNH3PN6mno123dxXZAz9xOrmfjviUokdevg=';
const CONTEXT = 'HostName=h;DeviceId=d';
const FAST = 1000; // iterations for the round trips; the default is checked once below

describe('secret box', () => {
  it('seals with the default cost and opens with the right passphrase only', async () => {
    const sealed = await sealSecret(KEY, 'correct horse', CONTEXT);
    expect(sealed).toMatchObject({ v: 1, kdf: 'PBKDF2-SHA256', iterations: PBKDF2_ITERATIONS });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(JSON.stringify(sealed)).not.toContain(KEY);
    expect(await openSecret(sealed, 'correct horse', CONTEXT)).toEqual({ ok: true, value: KEY });
    expect(await openSecret(sealed, 'correct hors', CONTEXT)).toEqual({
      ok: false,
      error: WRONG_PASSPHRASE,
    });
  });

  it('uses a fresh salt and IV every time', async () => {
    const a = await sealSecret(KEY, 'p', CONTEXT, FAST);
    const b = await sealSecret(KEY, 'p', CONTEXT, FAST);
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(Buffer.from(a.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
  });

  it('refuses a blob moved to another connection or altered', async () => {
    const sealed = await sealSecret(KEY, 'p', CONTEXT, FAST);
    expect((await openSecret(sealed, 'p', 'HostName=h;DeviceId=other')).ok).toBe(false);
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const altered = { ...sealed, data: bytes.toString('base64') };
    expect(await openSecret(altered, 'p', CONTEXT)).toEqual({ ok: false, error: WRONG_PASSPHRASE });
    const damaged = await openSecret({ ...sealed, salt: '***' }, 'p', CONTEXT);
    expect(damaged.ok ? '' : damaged.error).toContain('damaged');
  });
});

// The DPS REST surfaces' answers to bad input: DPS's error body, nothing stored, etags honoured,
// and the ID scope kept across restarts of a hub on the same data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { signSasToken } from '../../src/iothub/sas-token.ts';
import { forget, service, startHub } from '../test/helpers.ts';
import { nowSeconds } from '../time.ts';

const symmetric = { type: 'symmetricKey', symmetricKey: {} };

describe('provisioning service REST', () => {
  it('generates 64-byte keys, answers etags and refuses a stale If-Match with 412', async () => {
    const { call } = service(await startHub());
    const put = await call('PUT', '/enrollments/reg-1', {
      registrationId: 'reg-1',
      attestation: symmetric,
    });
    expect(put.status).toBe(200);
    const enrollment = put.json as {
      etag: string;
      attestation: { symmetricKey: { primaryKey: string } };
    };
    expect(Buffer.from(enrollment.attestation.symmetricKey.primaryKey, 'base64')).toHaveLength(64);
    const stale = await call('DELETE', '/enrollments/reg-1', undefined, { 'if-match': '"other"' });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ errorCode: 412002 });
    const del = await call('DELETE', '/enrollments/reg-1', undefined, {
      'if-match': enrollment.etag,
    });
    expect(del.status).toBe(204);
    expect((await call('GET', '/enrollments/reg-1')).status).toBe(404);
  });

  it.each([
    [{ attestation: { type: 'tpm' } }, /TPM is not emulated/],
    [
      { attestation: { type: 'symmetricKey', symmetricKey: { primaryKey: 'short' } } },
      /16 to 64 bytes/,
    ],
    [{ attestation: symmetric, initialTwin: { tags: { 'a.b': 1 } } }, /initialTwin tags/],
    [
      {
        attestation: {
          type: 'x509',
          x509: { clientCertificates: { primary: { certificate: 'x' } } },
        },
      },
      /clientCertificates/,
    ],
  ])('refuses %j with 400 and DPS error body, storing nothing', async (body, message) => {
    const { call } = service(await startHub());
    const r = await call('PUT', '/enrollments/bad-1', body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ errorCode: 400004 });
    expect((r.json as { message: string }).message).toMatch(message);
    expect((await call('GET', '/enrollments/bad-1')).status).toBe(404);
  });

  it('needs a policy with RegistryWrite', async () => {
    const hub = await startHub();
    const key = /SharedAccessKey=([^;]+)/.exec(hub.ownerConnectionString)?.[1] ?? '';
    const { call } = service(hub, { name: 'nope', key });
    const r = await call('PUT', '/enrollmentGroups/g', { attestation: symmetric });
    expect(r.status).toBe(401);
  });
});

describe('device registration over HTTP', () => {
  it('a disabled enrollment registers as disabled and creates no device', async () => {
    const hub = await startHub();
    const { call } = service(hub);
    const key = Buffer.from('a key of thirty-two bytes, really').toString('base64');
    await call('PUT', '/enrollments/off-1', {
      attestation: { type: 'symmetricKey', symmetricKey: { primaryKey: key } },
      provisioningStatus: 'disabled',
    });
    const base = `http://127.0.0.1:${hub.ports.http}/${hub.dps.idScope}/registrations/off-1`;
    const authorization = await signSasToken({
      resourceUri: `${hub.dps.idScope}/registrations/off-1`,
      key,
      keyName: 'registration',
      expiresAt: nowSeconds() + 600,
    });
    const put = await fetch(`${base}/register`, {
      method: 'PUT',
      headers: { authorization },
      body: '{}',
    });
    expect(put.status).toBe(202);
    expect(put.headers.get('retry-after')).toBe('1');
    const { operationId } = (await put.json()) as { operationId: string };
    const status = await fetch(`${base}/operations/${operationId}`, { headers: { authorization } });
    expect(await status.json()).toMatchObject({
      status: 'disabled',
      registrationState: { registrationId: 'off-1', status: 'disabled' },
    });
    expect((await call('GET', '/devices/off-1')).status).toBe(404);
  });

  it('answers a wrong ID scope and a missing token with 401 in DPS shape', async () => {
    const hub = await startHub();
    const url = (scope: string) =>
      `http://127.0.0.1:${hub.ports.http}/${scope}/registrations/r1/register?api-version=2019-03-31`;
    const wrong = await fetch(url('0neWRONG'), { method: 'PUT', body: '{}' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      errorCode: 401002,
      message: expect.stringMatching(/ID scope/),
    });
    const none = await fetch(url(hub.dps.idScope), { method: 'PUT', body: '{}' });
    expect(none.status).toBe(401);
  });

  it('keeps its ID scope in the data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dps-scope-'));
    try {
      const first = await startHub({ inMemory: false, dataDir: dir });
      const scope = first.dps.idScope;
      expect(scope).toMatch(/^0ne[0-9A-F]{8}$/);
      await first.close();
      forget(first);
      const second = await startHub({ inMemory: false, dataDir: dir });
      expect(second.dps.idScope).toBe(scope);
      await second.close();
      forget(second);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

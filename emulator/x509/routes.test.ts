// The emulator's CA certificate endpoints: only CA certificates are accepted, they are listed with
// their thumbprints, and a deleted one no longer authenticates anything.
import { describe, expect, it } from 'vitest';

import { service, startHub } from '../test/helpers.ts';

import { issueCa } from './issue.ts';

describe('/emulator/certificates', () => {
  it('issues a CA, registers it, lists it, and deletes it', async () => {
    const { call } = service(await startHub());
    const issued = await call('POST', '/emulator/certificates', {
      type: 'ca',
      commonName: 'Routes CA',
      register: 'routes-ca',
    });
    expect(issued.status).toBe(200);
    const body = issued.json as { thumbprints: { sha1: string }; registered: { name: string } };
    expect(body.registered.name).toBe('routes-ca');
    const list = await call('GET', '/emulator/certificates/authorities');
    expect(list.json).toEqual([
      expect.objectContaining({
        name: 'routes-ca',
        subject: 'CN=Routes CA',
        thumbprint: body.thumbprints.sha1,
      }),
    ]);
    expect((await call('DELETE', '/emulator/certificates/authorities/routes-ca')).status).toBe(204);
    const again = await call('DELETE', '/emulator/certificates/authorities/routes-ca');
    expect(again.status).toBe(404);
    expect((await call('GET', '/emulator/certificates/authorities')).json).toEqual([]);
  });

  it('starts with the CA certificates given to createHub (--ca-cert)', async () => {
    const ca = await issueCa('Start-up CA');
    const { call } = service(await startHub({ caCertificates: { 'start-up': ca.certificate } }));
    const list = await call('GET', '/emulator/certificates/authorities');
    expect(list.json).toEqual([
      expect.objectContaining({ name: 'start-up', thumbprintSha256: ca.thumbprints.sha256 }),
    ]);
  });

  it('refuses a device certificate or bad PEM as a CA, and an unknown type', async () => {
    const { call } = service(await startHub());
    const device = await call('POST', '/emulator/certificates', { type: 'device', deviceId: 'd1' });
    const pem = (device.json as { certificate: string }).certificate;
    const notCa = await call('PUT', '/emulator/certificates/authorities/x', { certificate: pem });
    expect(notCa.status).toBe(400);
    expect(notCa.text).toMatch(/is not a CA certificate/);
    const bad = await call('PUT', '/emulator/certificates/authorities/x', { certificate: 'nope' });
    expect(bad.status).toBe(400);
    expect((await call('POST', '/emulator/certificates', { type: 'tpm' })).status).toBe(400);
    expect((await call('GET', '/emulator/certificates/authorities')).json).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';

import { signSasToken } from '../src/iothub/sas-token.ts';

import { closed, connectDevice, service, startHub } from './test/helpers.ts';
import { nowSeconds } from './time.ts';

describe('service REST auth (spec §8.1)', () => {
  it('refuses missing, wrong and expired tokens with 401 IotHubUnauthorizedAccess', async () => {
    const hub = await startHub();
    const url = `http://127.0.0.1:${hub.ports.http}/devices/device-1?api-version=2021-04-12`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('iothub-errorcode')).toBe('IotHubUnauthorizedAccess');
    const wrong = await signSasToken({
      resourceUri: 'localhost',
      key: Buffer.alloc(32).toString('base64'),
      keyName: 'iothubowner',
      expiresAt: nowSeconds() + 60,
    });
    expect((await fetch(url, { headers: { authorization: wrong } })).status).toBe(401);
    const owner = /SharedAccessKey=([^;]+)/.exec(hub.ownerConnectionString)?.[1] ?? '';
    const expired = await signSasToken({
      resourceUri: 'localhost',
      key: owner,
      keyName: 'iothubowner',
      expiresAt: nowSeconds() - 1,
    });
    expect((await fetch(url, { headers: { authorization: expired } })).status).toBe(401);
    const good = await signSasToken({
      resourceUri: 'localhost',
      key: owner,
      keyName: 'iothubowner',
      expiresAt: nowSeconds() + 60,
    });
    expect((await fetch(url, { headers: { authorization: good } })).status).toBe(200);
  });

  it('applies the rights of the built-in policies', async () => {
    const hub = await startHub();
    const boot = (await (
      await fetch(`http://127.0.0.1:${hub.ports.http}/emulator/bootstrap`)
    ).json()) as {
      policyConnectionStrings: Record<string, string>;
    };
    const as = (name: string) =>
      service(hub, {
        name,
        key: /SharedAccessKey=([^;]+)/.exec(boot.policyConnectionStrings[name] ?? '')?.[1] ?? '',
      });
    const read = as('registryRead');
    expect((await read.call('GET', '/devices/device-1')).status).toBe(200);
    expect((await read.call('PUT', '/devices/d9', {})).status).toBe(401);
    expect((await read.call('GET', '/twins/device-1')).status).toBe(401);
    const readWrite = as('registryReadWrite');
    expect((await readWrite.call('PUT', '/devices/d9', {})).status).toBe(200);
    const svc = as('service');
    expect((await svc.call('GET', '/twins/device-1')).status).toBe(200);
    expect((await svc.call('GET', '/devices/device-1')).status).toBe(401);
    // A policy token signed with another policy's key is refused.
    const forged = service(hub, {
      name: 'registryRead',
      key: /SharedAccessKey=([^;]+)/.exec(hub.ownerConnectionString)?.[1] ?? '',
    });
    expect((await forged.call('GET', '/devices')).status).toBe(401);
  });
});

describe('registry (spec §8.2)', () => {
  it('creates a device with generated keys and returns it with an ETag', async () => {
    const hub = await startHub();
    const api = service(hub);
    const created = await api.call('PUT', '/devices/sensor-7', {
      deviceId: 'sensor-7',
      authentication: { type: 'sas', symmetricKey: { primaryKey: '', secondaryKey: '' } },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      deviceId: 'sensor-7',
      status: 'enabled',
      connectionState: 'Disconnected',
    });
    expect(Buffer.from(created.json.authentication.symmetricKey.primaryKey, 'base64')).toHaveLength(
      32,
    );
    expect(created.headers.get('etag')).toBe(`"${created.json.etag}"`);
    const conflict = await api.call('PUT', '/devices/sensor-7', {});
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('iothub-errorcode')).toBe('DeviceAlreadyExists');
    // Registry errors keep the legacy shape the Node service SDK maps (docs/emulator.md).
    expect(conflict.json.Message).toMatch(/^ErrorCode:DeviceAlreadyExists;/);
    const list = await api.call('GET', '/devices');
    expect(list.json.map((d: { deviceId: string }) => d.deviceId)).toEqual([
      'device-1',
      'sensor-7',
    ]);
  });

  it('updates with If-Match and refuses a stale ETag with 412', async () => {
    const hub = await startHub();
    const api = service(hub);
    const device = (await api.call('GET', '/devices/device-1')).json;
    const stale = await api.call(
      'PUT',
      '/devices/device-1',
      { ...device, status: 'disabled' },
      { 'if-match': '"nope"' },
    );
    expect(stale.status).toBe(412);
    const ok = await api.call(
      'PUT',
      '/devices/device-1',
      { ...device, status: 'disabled', statusReason: 'maintenance' },
      { 'if-match': `"${device.etag}"` },
    );
    expect(ok.json).toMatchObject({ status: 'disabled', statusReason: 'maintenance' });
    expect(ok.json.etag).not.toBe(device.etag);
    expect(ok.json.authentication.symmetricKey.primaryKey).toBe(
      device.authentication.symmetricKey.primaryKey,
    );
  });

  it('deletes a device (204), then answers 404 DeviceNotFound', async () => {
    const hub = await startHub();
    const api = service(hub);
    const { client } = await connectDevice(hub);
    expect(
      (await api.call('DELETE', '/devices/device-1', undefined, { 'if-match': '"*"' })).status,
    ).toBe(204);
    const gone = await api.call('GET', '/devices/device-1');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('iothub-errorcode')).toBe('DeviceNotFound');
    await closed(client);
  });

  it('rejects invalid IDs and keys with 400 ArgumentInvalid', async () => {
    const hub = await startHub();
    const api = service(hub);
    expect((await api.call('PUT', `/devices/${encodeURIComponent('bad id')}`, {})).status).toBe(
      400,
    );
    const badKey = await api.call('PUT', '/devices/d2', {
      authentication: { symmetricKey: { primaryKey: 'not base64!' } },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.headers.get('iothub-errorcode')).toBe('ArgumentInvalid');
    expect((await api.call('PUT', '/devices/d3', '{oops')).status).toBe(400);
    // A malformed escape is an unknown device, not a dropped connection.
    expect((await api.call('GET', '/devices/%E0%A4%A')).status).toBe(404);
  });

  it('manages modules under a device', async () => {
    const hub = await startHub();
    const api = service(hub);
    const m = await api.call('PUT', '/devices/device-1/modules/edge-a', {
      moduleId: 'edge-a',
      managedBy: 'me',
    });
    expect(m.json).toMatchObject({ deviceId: 'device-1', moduleId: 'edge-a', managedBy: 'me' });
    expect((await api.call('GET', '/devices/device-1/modules')).json).toHaveLength(1);
    const twin = await api.call('GET', '/twins/device-1/modules/edge-a');
    expect(twin.json).toMatchObject({ deviceId: 'device-1', moduleId: 'edge-a' });
    expect(
      (await api.call('GET', '/devices/device-1/modules/nope')).headers.get('iothub-errorcode'),
    ).toBe('ModuleNotFound');
    expect((await api.call('PUT', '/devices/nobody/modules/x', {})).status).toBe(404);
    expect((await api.call('DELETE', '/devices/device-1/modules/edge-a')).status).toBe(204);
  });

  it('answers simple twin queries', async () => {
    const hub = await startHub();
    const api = service(hub);
    await api.call('PUT', '/devices/d2', {});
    await api.call('PATCH', '/twins/d2', { tags: { site: 'lab' } });
    await api.call('PUT', '/devices/device-1/modules/m1', {});
    const all = await api.call('POST', '/devices/query', { query: 'SELECT * FROM devices' });
    expect(all.json.map((t: { deviceId: string }) => t.deviceId)).toEqual(['d2', 'device-1']);
    const lab = await api.call('POST', '/devices/query', {
      query: "SELECT * FROM devices WHERE tags.site = 'lab'",
    });
    expect(lab.json.map((t: { deviceId: string }) => t.deviceId)).toEqual(['d2']);
    const modules = await api.call('POST', '/devices/query', {
      query: 'select * from devices.modules',
    });
    expect(modules.json).toEqual([expect.objectContaining({ moduleId: 'm1' })]);
    const bad = await api.call('POST', '/devices/query', {
      query: 'SELECT deviceId FROM devices GROUP BY x',
    });
    expect(bad.status).toBe(400);
  });

  it('serves device statistics and any api-version', async () => {
    const hub = await startHub();
    const stats = await service(hub).call('GET', '/statistics/devices?api-version=2018-06-30');
    expect(stats.json).toEqual({
      totalDeviceCount: 1,
      enabledDeviceCount: 1,
      disabledDeviceCount: 0,
    });
  });
});

describe('HTTP surface', () => {
  it("answers CORS preflights for the console's origin (real IoT Hub does not)", async () => {
    const hub = await startHub();
    const origin = `http://localhost:${hub.ports.http}`;
    const res = await fetch(`http://127.0.0.1:${hub.ports.http}/twins/device-1`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PATCH' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('bootstrap names the Event Hubs-compatible endpoint when AMQP listens', async () => {
    const without = await startHub();
    const plain = await fetch(`http://127.0.0.1:${without.ports.http}/emulator/bootstrap`);
    expect(await plain.json()).toMatchObject({ eventHubConnectionString: null });
    const hub = await startHub({ amqpPort: 'ephemeral' });
    const res = await fetch(`http://127.0.0.1:${hub.ports.http}/emulator/bootstrap`);
    const body = (await res.json()) as { eventHubConnectionString: string };
    expect(body.eventHubConnectionString).toBe(hub.eventHub.connectionString);
    expect(body.eventHubConnectionString).toMatch(
      new RegExp(`^Endpoint=sb://localhost:${hub.ports.amqp}/;SharedAccessKeyName=service;`),
    );
  });

  it('bootstrap gives loopback clients the owner connection string, but not foreign pages', async () => {
    const hub = await startHub();
    const url = `http://127.0.0.1:${hub.ports.http}/emulator/bootstrap`;
    const ok = await fetch(url);
    expect(await ok.json()).toMatchObject({
      serviceConnectionString: hub.ownerConnectionString,
      hostName: 'localhost',
    });
    const console = `http://localhost:${hub.ports.http}`;
    const fromConsole = await fetch(url, { headers: { origin: console } });
    expect(fromConsole.headers.get('access-control-allow-origin')).toBe(console);
    const foreign = await fetch(url, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says how to build the console when none is served, and /health is 200', async () => {
    const hub = await startHub();
    const root = await fetch(`http://127.0.0.1:${hub.ports.http}/`);
    expect(await root.text()).toContain('npm run build');
    expect((await fetch(`http://127.0.0.1:${hub.ports.http}/health`)).status).toBe(200);
  });

  it('serves the built console at / and its files, and nothing else as HTML', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'console-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const hub = await startHub({ staticDir: dir });
    const base = `http://127.0.0.1:${hub.ports.http}`;
    expect(await (await fetch(`${base}/`)).text()).toContain('<title>console</title>');
    expect(await (await fetch(`${base}/index.html`)).text()).toContain('<title>console</title>');
    const other = await fetch(`${base}/devices-view`);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/json');
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';

import { deviceResourceUri, signSasToken } from '../src/iothub/sas-token.ts';

import {
  closed,
  connackCode,
  connectDevice,
  forget,
  keyOf,
  service,
  startHub,
  subscribe,
} from './test/helpers.ts';
import { nowSeconds } from './time.ts';

describe('CONNECT (spec §1)', () => {
  it('accepts device-1 with its key over TCP and WebSocket', async () => {
    const hub = await startHub();
    const tcp = await connectDevice(hub);
    expect(tcp.client.connected).toBe(true);
    const ws = await connectDevice(hub, { transport: 'ws', deviceId: 'device-1' });
    expect(ws.client.connected).toBe(true);
  });

  it('refuses every kind of bad credential with CONNACK 5', async () => {
    const hub = await startHub();
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    expect(await connackCode(hub, { key: wrongKey })).toBe(5);
    expect(await connackCode(hub, { ttlSeconds: -10 })).toBe(5);
    expect(await connackCode(hub, { deviceId: 'nobody', key: wrongKey })).toBe(5);
    expect(await connackCode(hub, { username: 'not-a-username' })).toBe(5);
    expect(await connackCode(hub, { username: 'otherhub/device-1/?api-version=2021-04-12' })).toBe(
      5,
    );
    expect(await connackCode(hub, { password: 'SharedAccessSignature garbage' })).toBe(5);
    const log = await service(hub).call('GET', '/emulator/connections');
    const reasons = log.json.connections.map((c: { reason: string }) => c.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['bad-token', 'unknown-identity', 'malformed-username']),
    );
  });

  it('refuses a client id that differs from the username identity, and a token for another device', async () => {
    const hub = await startHub();
    await service(hub).call('PUT', '/devices/device-2', {});
    expect(
      await connackCode(hub, {
        clientId: 'device-2',
        username: 'localhost/device-1/?api-version=2021-04-12',
      }),
    ).toBe(5);
    const forOther = await signSasToken({
      resourceUri: deviceResourceUri('localhost', 'device-2'),
      key: keyOf(hub, 'device-1'),
      expiresAt: nowSeconds() + 60,
    });
    expect(await connackCode(hub, { password: forOther })).toBe(5);
    const log = await service(hub).call('GET', '/emulator/connections');
    expect(log.json.connections.map((c: { reason: string }) => c.reason)).toContain(
      'client-id-mismatch',
    );
  });

  it('accepts a token signed with a policy that has DeviceConnect (skn=device)', async () => {
    const hub = await startHub();
    const boot = (await (
      await fetch(`http://127.0.0.1:${hub.ports.http}/emulator/bootstrap`)
    ).json()) as {
      policyConnectionStrings: Record<string, string>;
    };
    const key = (name: string) =>
      /SharedAccessKey=([^;]+)/.exec(boot.policyConnectionStrings[name] ?? '')?.[1] ?? '';
    const token = (name: string) =>
      signSasToken({
        resourceUri: deviceResourceUri('localhost', 'device-1'),
        key: key(name),
        keyName: name,
        expiresAt: nowSeconds() + 60,
      });
    expect(await connackCode(hub, { password: await token('device') })).toBe(0);
    // `service` has no DeviceConnect.
    expect(await connackCode(hub, { password: await token('service') })).toBe(5);
  });

  it('accepts any api-version and a missing "?" before it', async () => {
    const hub = await startHub();
    expect(
      await connackCode(hub, {
        username: 'localhost/device-1/?api-version=2019-10-01&DeviceClientType=x',
      }),
    ).toBe(0);
    expect(await connackCode(hub, { username: 'localhost/device-1/api-version=2016-11-14' })).toBe(
      0,
    );
  });

  it('refuses a disabled device and disconnects it when disabled while connected', async () => {
    const hub = await startHub();
    const api = service(hub);
    const { client } = await connectDevice(hub);
    const device = (await api.call('GET', '/devices/device-1')).json;
    const put = await api.call(
      'PUT',
      '/devices/device-1',
      { ...device, status: 'disabled' },
      { 'if-match': '*' },
    );
    expect(put.status).toBe(200);
    await closed(client);
    expect(await connackCode(hub)).toBe(5);
  });

  it('closes the connection when the SAS token expires', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub, { ttlSeconds: 2 });
    await closed(client);
    const log = await service(hub).call('GET', '/emulator/connections?deviceId=device-1');
    expect(log.json.connections.at(-1)).toMatchObject({
      event: 'disconnect',
      reason: 'token-expired',
    });
  });

  it('a second connection of the same identity closes the first', async () => {
    const hub = await startHub();
    const first = await connectDevice(hub);
    const second = await connectDevice(hub);
    await closed(first.client);
    expect(second.client.connected).toBe(true);
    const log = await service(hub).call('GET', '/emulator/connections?deviceId=device-1');
    expect(log.json.connections.map((c: { reason: string }) => c.reason)).toContain(
      'kicked-by-new-connection',
    );
  });

  it('accepts a module identity with its own key', async () => {
    const hub = await startHub();
    const put = await service(hub).call('PUT', '/devices/device-1/modules/mod-a', {});
    expect(put.status).toBe(200);
    const { client } = await connectDevice(hub, {
      moduleId: 'mod-a',
      key: keyOf(hub, 'device-1', 'mod-a'),
    });
    expect(client.connected).toBe(true);
  });
});

describe('sessions (spec §0.1, §1.7, §1.9)', () => {
  it('keeps CleanSession 0 subscriptions and reports sessionPresent', async () => {
    const hub = await startHub();
    const first = await connectDevice(hub);
    expect(first.sessionPresent).toBe(false);
    await subscribe(first.client, '$iothub/twin/res/#');
    await first.client.endAsync();
    const again = await connectDevice(hub);
    expect(again.sessionPresent).toBe(true);
    // The restored subscription answers a twin GET without a new SUBSCRIBE.
    const got = new Promise<string>((resolve) => again.client.once('message', (t) => resolve(t)));
    await again.client.publishAsync('$iothub/twin/GET/?$rid=7', ' ');
    expect(await got).toBe('$iothub/twin/res/200/?$rid=7');
  });

  it('CleanSession 1 starts fresh', async () => {
    const hub = await startHub();
    const first = await connectDevice(hub);
    await subscribe(first.client, '$iothub/twin/res/#');
    await first.client.endAsync();
    const clean = await connectDevice(hub, { clean: true });
    expect(clean.sessionPresent).toBe(false);
    await clean.client.endAsync();
    const after = await connectDevice(hub);
    expect(after.sessionPresent).toBe(false);
  });

  it('keeps subscriptions, identities and twins across a restart with the same data dir', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-restart-'));
    const hub = await startHub({ inMemory: false, dataDir });
    const key = keyOf(hub, 'device-1');
    const { client } = await connectDevice(hub);
    await subscribe(client, '$iothub/twin/res/#');
    await client.publishAsync(
      '$iothub/twin/PATCH/properties/reported/?$rid=1',
      JSON.stringify({ fw: '1.0' }),
    );
    await client.endAsync();
    await hub.close();
    forget(hub);
    const again = await startHub({ inMemory: false, dataDir });
    expect(keyOf(again, 'device-1')).toBe(key);
    const second = await connectDevice(again);
    expect(second.sessionPresent).toBe(true);
    const twin = await service(again).call('GET', '/twins/device-1');
    expect(twin.json.properties.reported).toMatchObject({ fw: '1.0', $version: 2 });
  });
});

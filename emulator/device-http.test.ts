// The device HTTPS API on the plain HTTP port (issue 10): telemetry into the same log as MQTT,
// C2D from the same queue and locks, IoT Hub errors for bad input (spec §1.6, §6, §8.3).
import { describe, expect, it } from 'vitest';

import { signSasToken } from '../src/iothub/sas-token.ts';

import {
  connectDevice,
  deviceHttp,
  deviceToken,
  nextMessage,
  service,
  startHub,
  subscribe,
} from './test/helpers.ts';
import { nowSeconds } from './time.ts';

const EVENTS = '/devices/device-1/messages/events';
const C2D = '/devices/device-1/messages/deviceBound';

async function events(hub: Awaited<ReturnType<typeof startHub>>, query = 'deviceId=device-1') {
  return (await service(hub).call('GET', `/emulator/events?${query}`)).json.events as {
    body: string;
    properties: Record<string, string>;
    systemProperties: Record<string, string>;
  }[];
}

describe('device telemetry over HTTP', () => {
  it('stores an event with the system properties MQTT telemetry gets', async () => {
    const hub = await startHub();
    const res = await deviceHttp(hub)('POST', EVENTS, 'hello', {
      'iothub-messageid': 'm-1',
      'iothub-app-color': 'red',
      'iothub-contenttype': 'text/plain',
      'iothub-to': EVENTS,
    });
    expect(res.status).toBe(204);
    const [event] = await events(hub);
    expect(event?.body).toBe('hello');
    expect(event?.properties).toEqual({ color: 'red' });
    expect(event?.systemProperties).toMatchObject({
      'message-id': 'm-1',
      'content-type': 'text/plain',
      'iothub-connection-device-id': 'device-1',
      'iothub-message-source': 'Telemetry',
    });
    // The SDK's addressing header is not the message's `to`.
    expect(event?.systemProperties.to).toBeUndefined();
  });

  it('stores a module’s events as the module’s', async () => {
    const hub = await startHub();
    await service(hub).call('PUT', '/devices/device-1/modules/edge-a', {});
    const send = deviceHttp(hub, 'device-1', 'edge-a');
    const res = await send('POST', '/devices/device-1/modules/edge-a/messages/events', 'm');
    expect(res.status).toBe(204);
    const [event] = await events(hub, 'deviceId=device-1&moduleId=edge-a');
    expect(event?.systemProperties['iothub-connection-module-id']).toBe('edge-a');
  });

  it('refuses bad credentials, unknown devices and bad batches, storing nothing', async () => {
    const hub = await startHub();
    await service(hub).call('PUT', '/devices/device-2', { deviceId: 'device-2' });
    // device-2's own token does not cover device-1 (spec §1.4).
    const device2Token = (
      await deviceHttp(hub, 'device-2')('GET', '/devices/device-2/messages/deviceBound')
    ).status;
    expect(device2Token).toBe(204);
    const other = await deviceHttp(hub)(
      'POST',
      EVENTS,
      'x',
      {},
      await deviceToken(hub, 'device-2'),
    );
    expect(other.status).toBe(401);
    const noToken = await deviceHttp(hub)('POST', EVENTS, 'x', {}, '');
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('iothub-errorcode')).toBe('IotHubUnauthorizedAccess');
    const unknown = await deviceHttp(hub)('POST', '/devices/ghost/messages/events', 'x');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('iothub-errorcode')).toBe('DeviceNotFound');
    const batch = { 'content-type': 'application/vnd.microsoft.iothub.json' };
    const notJson = await deviceHttp(hub)('POST', EVENTS, '[{"body":', batch);
    expect(notJson.status).toBe(400);
    const noBody = await deviceHttp(hub)('POST', EVENTS, '[{"properties":{}}]', batch);
    expect(noBody.status).toBe(400);
    const big = Buffer.alloc(200 * 1024, 'a').toString('base64');
    const tooBig = await deviceHttp(hub)(
      'POST',
      EVENTS,
      JSON.stringify([{ body: big }, { body: big }]),
      batch,
    );
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('iothub-errorcode')).toBe('MessageTooLarge');
    expect(await events(hub)).toEqual([]);
  });

  it('accepts a policy token with DeviceConnect, and refuses one without it', async () => {
    const hub = await startHub();
    const boot = (await (
      await fetch(`http://127.0.0.1:${hub.ports.http}/emulator/bootstrap`)
    ).json()) as { policyConnectionStrings: Record<string, string> };
    const policyToken = (name: string) =>
      signSasToken({
        resourceUri: hub.hostName,
        keyName: name,
        key: /SharedAccessKey=([^;]+)/.exec(boot.policyConnectionStrings[name] ?? '')?.[1] ?? '',
        expiresAt: nowSeconds() + 3600,
      });
    const send = deviceHttp(hub);
    expect((await send('POST', EVENTS, 'x', {}, await policyToken('device'))).status).toBe(204);
    expect((await send('POST', EVENTS, 'y', {}, await policyToken('service'))).status).toBe(401);
    const [event] = await events(hub);
    expect(event?.body).toBe('x');
    expect(
      JSON.parse(event?.systemProperties['iothub-connection-auth-method'] ?? '{}'),
    ).toMatchObject({ scope: 'hub' });
  });
});

describe('C2D over HTTP', () => {
  it('locks each message to one receive; complete, abandon and lost locks', async () => {
    const hub = await startHub();
    const api = service(hub);
    const device = deviceHttp(hub);
    await api.call('POST', C2D, 'first', { 'iothub-app-n': '1', 'iothub-ack': 'full' });
    await api.call('POST', C2D, 'second');
    const a = await device('GET', C2D);
    expect(a.status).toBe(200);
    expect(a.text).toBe('first');
    expect(a.headers.get('iothub-app-n')).toBe('1');
    expect(a.headers.get('iothub-ack')).toBe('full');
    expect(a.headers.get('iothub-deliverycount')).toBe('0');
    const b = await device('GET', C2D);
    expect(b.text).toBe('second');
    expect(b.headers.get('iothub-ack')).toBeNull();
    expect((await device('GET', C2D)).status).toBe(204); // both locked
    const tokenA = (a.headers.get('etag') ?? '').replace(/"/g, '');
    const tokenB = (b.headers.get('etag') ?? '').replace(/"/g, '');
    expect((await device('DELETE', `${C2D}/${tokenA}`)).status).toBe(204);
    const lost = await device('DELETE', `${C2D}/${tokenA}`);
    expect(lost.status).toBe(412);
    expect(lost.headers.get('iothub-errorcode')).toBe('DeviceMessageLockLost');
    expect((await device('POST', `${C2D}/${tokenB}/abandon`)).status).toBe(204);
    const again = await device('GET', C2D);
    expect(again.text).toBe('second');
    expect(again.headers.get('iothub-deliverycount')).toBe('1');
    const tokenAgain = (again.headers.get('etag') ?? '').replace(/"/g, '');
    expect((await device('DELETE', `${C2D}/${tokenAgain}?reject`)).status).toBe(204);
    expect((await device('GET', C2D)).status).toBe(204);
    expect((await api.call('GET', '/devices/device-1')).json.cloudToDeviceMessageCount).toBe(0);
  });

  it('another device cannot settle a message locked for this one', async () => {
    const hub = await startHub();
    await service(hub).call('PUT', '/devices/device-2', { deviceId: 'device-2' });
    await service(hub).call('POST', C2D, 'mine');
    const got = await deviceHttp(hub)('GET', C2D);
    const token = (got.headers.get('etag') ?? '').replace(/"/g, '');
    const theirs = await deviceHttp(hub, 'device-2')(
      'DELETE',
      `/devices/device-2/messages/deviceBound/${token}`,
    );
    expect(theirs.status).toBe(412);
    expect((await deviceHttp(hub)('DELETE', `${C2D}/${token}`)).status).toBe(204);
  });

  it('delivers a message once whichever transport asks, and an MQTT link’s lock ends with it', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await subscribe(client, 'devices/device-1/messages/devicebound/#', 1);
    const overMqtt = nextMessage(client);
    // Hold the PUBACK back: the message stays locked to the MQTT link.
    client.handleMessage = (_packet, callback) => {
      void callback;
    };
    await service(hub).call('POST', C2D, 'once');
    expect((await overMqtt).payload.toString()).toBe('once');
    expect((await deviceHttp(hub)('GET', C2D)).status).toBe(204);
    client.end(true);
    await new Promise<void>((resolve) => client.once('close', () => resolve()));
    const got = await deviceHttp(hub)('GET', C2D);
    expect(got.status).toBe(200);
    expect(got.text).toBe('once');
  });

  it('a lapsed lock makes the message receivable again and loses the old token', async () => {
    const hub = await startHub({ c2dLockTimeoutMs: 100 });
    await service(hub).call('POST', C2D, 'slow');
    const first = await deviceHttp(hub)('GET', C2D);
    const token = (first.headers.get('etag') ?? '').replace(/"/g, '');
    let again = await deviceHttp(hub)('GET', C2D);
    for (let i = 0; i < 100 && again.status === 204; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await deviceHttp(hub)('GET', C2D);
    }
    expect(again.text).toBe('slow');
    expect(again.headers.get('iothub-deliverycount')).toBe('0'); // a lapse is not counted
    expect((await deviceHttp(hub)('DELETE', `${C2D}/${token}`)).status).toBe(412);
  });
});

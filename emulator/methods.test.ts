import { describe, expect, it } from 'vitest';

import { connectDevice, keyOf, nextMessage, service, startHub, subscribe } from './test/helpers.ts';

describe('direct methods (spec §3.4, §5)', () => {
  it('delivers the call and returns the device status and payload', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await subscribe(client, '$iothub/methods/POST/#');
    client.on('message', (topic, payload) => {
      const m = /^\$iothub\/methods\/POST\/([^/]+)\/\?\$rid=(.+)$/.exec(topic);
      if (!m) return;
      const request = JSON.parse(payload.toString()) as { delay: number };
      client.publish(
        `$iothub/methods/res/201/?$rid=${m[2]}`,
        JSON.stringify({ method: m[1], got: request.delay }),
      );
    });
    const res = await service(hub).call('POST', '/twins/device-1/methods', {
      methodName: 'reboot',
      payload: { delay: 3 },
      responseTimeoutInSeconds: 10,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 201, payload: { method: 'reboot', got: 3 } });
  });

  it('answers 404103 when the device is not connected', async () => {
    const hub = await startHub();
    const res = await service(hub).call('POST', '/twins/device-1/methods', {
      methodName: 'reboot',
      payload: null,
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('iothub-errorcode')).toBe('DeviceNotOnline');
    // The hub's current shape: JSON inside Message, with the numeric code (spec §5).
    expect(res.json.ExceptionMessage).toBe('');
    expect(JSON.parse(res.json.Message)).toMatchObject({
      errorCode: 404103,
      message: 'Timed out waiting for device to connect.',
      info: { timeout: '00:00:00' },
      trackingId: expect.stringMatching(/^[0-9a-f]{32}-G:0-TimeStamp:\d\d\/\d\d\/\d{4} /),
      timestampUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('waits connectTimeoutInSeconds for the device to come online', async () => {
    const hub = await startHub();
    const call = service(hub).call('POST', '/twins/device-1/methods', {
      methodName: 'ping',
      connectTimeoutInSeconds: 20,
      responseTimeoutInSeconds: 20,
    });
    const { client } = await connectDevice(hub);
    const request = nextMessage(client, (t) => t.startsWith('$iothub/methods/POST/ping/'));
    await subscribe(client, '$iothub/methods/POST/#');
    const { topic, payload } = await request;
    expect(payload.toString()).toBe('');
    client.publish(`$iothub/methods/res/200/?$rid=${topic.split('$rid=')[1]}`, '');
    expect((await call).json).toEqual({ status: 200, payload: null });
  });

  it('answers 504101 when the device does not respond in time', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await subscribe(client, '$iothub/methods/POST/#');
    const res = await service(hub).call('POST', '/twins/device-1/methods', {
      methodName: 'slow',
      responseTimeoutInSeconds: 5,
    });
    expect(res.status).toBe(504);
    expect(res.headers.get('iothub-errorcode')).toBe('GatewayTimeout');
    expect(JSON.parse(res.json.Message)).toMatchObject({
      errorCode: 504101,
      message: 'Timed out waiting for the response from device.',
    });
  }, 15_000);

  it('rejects out-of-range timeouts and bad method names with 400', async () => {
    const hub = await startHub();
    const api = service(hub);
    expect(
      (
        await api.call('POST', '/twins/device-1/methods', {
          methodName: 'x',
          responseTimeoutInSeconds: 1,
        })
      ).status,
    ).toBe(400);
    expect((await api.call('POST', '/twins/device-1/methods', { methodName: 'a/b' })).status).toBe(
      400,
    );
    expect((await api.call('POST', '/twins/nobody/methods', { methodName: 'x' })).status).toBe(404);
  });

  it('calls a module method', async () => {
    const hub = await startHub();
    await service(hub).call('PUT', '/devices/device-1/modules/m1', {});
    const { client } = await connectDevice(hub, {
      moduleId: 'm1',
      key: keyOf(hub, 'device-1', 'm1'),
    });
    await subscribe(client, '$iothub/methods/POST/#');
    client.on('message', (topic) =>
      client.publish(`$iothub/methods/res/200/?$rid=${topic.split('$rid=')[1]}`, '"module"'),
    );
    const res = await service(hub).call('POST', '/twins/device-1/modules/m1/methods', {
      methodName: 'who',
    });
    expect(res.json).toEqual({ status: 200, payload: 'module' });
  });
});

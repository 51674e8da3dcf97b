import type { IPublishPacket } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';

import {
  closed,
  connectDevice,
  nextMessage,
  rawDevice,
  service,
  startHub,
  subscribe,
} from './test/helpers.ts';

const C2D = 'devices/device-1/messages/devicebound/#';

describe('cloud-to-device (spec §3.2, §6)', () => {
  it('delivers a REST message at QoS 1 with its system and application properties', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await subscribe(client, C2D, 1);
    const got = nextMessage(client);
    const res = await service(hub).call('POST', '/devices/device-1/messages/deviceBound', 'hello', {
      'iothub-messageid': 'c2d-1',
      'iothub-correlationid': 'corr',
      'iothub-app-color': 'red',
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(204);
    const { topic, payload, qos } = await got;
    expect(payload.toString()).toBe('hello');
    expect(qos).toBe(1);
    expect(topic).toContain('devices/device-1/messages/devicebound/');
    expect(topic).toContain('%24.mid=c2d-1');
    expect(topic).toContain('%24.cid=corr');
    expect(topic).toContain('%24.to=%2Fdevices%2Fdevice-1%2Fmessages%2Fdevicebound');
    expect(topic).toContain('color=red');
    // No acknowledgement asked for: IoT Hub adds no iothub-ack (the Node SDK's max-size C2D e2e
    // test rejects any extra property whose name contains 'a').
    expect(topic).not.toContain('iothub-ack');
  });

  it('carries iothub-ack exactly as the sender set it, none included', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await subscribe(client, C2D, 1);
    for (const ack of ['full', 'none']) {
      const got = nextMessage(client);
      const res = await service(hub).call('POST', '/devices/device-1/messages/deviceBound', ack, {
        'iothub-ack': ack,
      });
      expect(res.status).toBe(204);
      expect((await got).topic).toContain(`iothub-ack=${ack}`);
    }
  });

  it('keeps messages for an offline device and delivers them on the next connection', async () => {
    const hub = await startHub();
    const api = service(hub);
    const first = await connectDevice(hub);
    await subscribe(first.client, C2D, 1);
    await first.client.endAsync();
    await api.call('POST', '/devices/device-1/messages/deviceBound', 'one');
    await api.call('POST', '/devices/device-1/messages/deviceBound', 'two');
    expect((await api.call('GET', '/devices/device-1')).json.cloudToDeviceMessageCount).toBe(2);
    const bodies: string[] = [];
    const { client } = await connectDevice(hub);
    await new Promise<void>((resolve) =>
      client.on('message', (_t, p) => {
        bodies.push(p.toString());
        if (bodies.length === 2) resolve();
      }),
    );
    expect(bodies).toEqual(['one', 'two']);
  });

  it('completes on PUBACK and redelivers what was not acknowledged', async () => {
    const hub = await startHub();
    const api = service(hub);
    const { client } = await connectDevice(hub);
    await subscribe(client, C2D, 1);
    const got = nextMessage(client);
    await api.call('POST', '/devices/device-1/messages/deviceBound', 'acked');
    await got;
    // mqtt.js PUBACKs right after 'message'; the queue empties once the ack is processed.
    for (
      let i = 0;
      i < 50 && (await api.call('GET', '/devices/device-1')).json.cloudToDeviceMessageCount > 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await api.call('GET', '/devices/device-1')).json.cloudToDeviceMessageCount).toBe(0);
    await client.endAsync();

    // A device that never PUBACKs, then goes away.
    const raw = await rawDevice(hub);
    await raw.waitFor((p) => p.cmd === 'connack');
    await api.call('POST', '/devices/device-1/messages/deviceBound', 'unacked');
    const delivered = await raw.waitFor<IPublishPacket>((p) => p.cmd === 'publish');
    expect(delivered.payload.toString()).toBe('unacked');
    raw.socket.destroy();
    const again = await connectDevice(hub);
    expect((await nextMessage(again.client)).payload.toString()).toBe('unacked');
  });

  it('sends an unacknowledged message again with DUP after the lock timeout', async () => {
    const hub = await startHub({ c2dLockTimeoutMs: 200 });
    const device = await rawDevice(hub);
    await device.waitFor((p) => p.cmd === 'connack');
    device.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: C2D, qos: 1 }] });
    await device.waitFor((p) => p.cmd === 'suback');
    await service(hub).call('POST', '/devices/device-1/messages/deviceBound', 'held');
    const first = await device.waitFor<IPublishPacket>((p) => p.cmd === 'publish');
    expect(first.dup).toBe(false);
    const index = device.packets.indexOf(first) + 1;
    const again = await device.waitFor<IPublishPacket>((p) => p.cmd === 'publish', index);
    expect(again).toMatchObject({ dup: true, messageId: first.messageId });
    expect(again.payload.toString()).toBe('held');
    device.send({ cmd: 'puback', messageId: first.messageId ?? 0 });
    const api = service(hub);
    let count = 1;
    for (let i = 0; i < 50 && count > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      count = (await api.call('GET', '/devices/device-1')).json.cloudToDeviceMessageCount;
    }
    expect(count).toBe(0);
    device.socket.destroy();
  });

  it('refuses the 51st pending message with 403004 and purges the queue', async () => {
    const hub = await startHub();
    const api = service(hub);
    for (let i = 0; i < 50; i++)
      expect(
        (await api.call('POST', '/devices/device-1/messages/deviceBound', `m${i}`)).status,
      ).toBe(204);
    const full = await api.call('POST', '/devices/device-1/messages/deviceBound', 'one too many');
    expect(full.status).toBe(403);
    expect(full.headers.get('iothub-errorcode')).toBe('DeviceMaximumQueueDepthExceeded');
    const purge = await api.call('DELETE', '/devices/device-1/commands');
    expect(purge.json).toEqual({ deviceId: 'device-1', totalMessagesPurged: 50 });
  });

  it('rejects bodies over 64 KB, expiries beyond 48 h and unknown devices', async () => {
    const hub = await startHub();
    const api = service(hub);
    expect(
      (await api.call('POST', '/devices/device-1/messages/deviceBound', 'x'.repeat(65 * 1024)))
        .status,
    ).toBe(413);
    const far = new Date(Date.now() + 49 * 3600 * 1000).toISOString();
    expect(
      (
        await api.call('POST', '/devices/device-1/messages/deviceBound', 'x', {
          'iothub-expiry': far,
        })
      ).status,
    ).toBe(400);
    expect((await api.call('POST', '/devices/nobody/messages/deviceBound', 'x')).status).toBe(404);
  });

  it('drops expired messages', async () => {
    const hub = await startHub();
    const api = service(hub);
    const soon = new Date(Date.now() + 300).toISOString();
    await api.call('POST', '/devices/device-1/messages/deviceBound', 'short-lived', {
      'iothub-expiry': soon,
    });
    await new Promise((r) => setTimeout(r, 400));
    expect((await api.call('GET', '/devices/device-1')).json.cloudToDeviceMessageCount).toBe(0);
    const { client } = await connectDevice(hub);
    await subscribe(client, C2D, 1);
    await api.call('POST', '/devices/device-1/messages/deviceBound', 'fresh');
    expect((await nextMessage(client)).payload.toString()).toBe('fresh');
    await client.endAsync();
    expect(closed).toBeTypeOf('function');
  });
});

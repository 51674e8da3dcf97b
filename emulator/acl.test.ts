import { describe, expect, it } from 'vitest';

import { closed, connectDevice, service, startHub, subscribe } from './test/helpers.ts';

async function lastReason(hub: Awaited<ReturnType<typeof startHub>>) {
  const log = await service(hub).call('GET', '/emulator/connections?deviceId=device-1');
  return log.json.connections.at(-1);
}

describe('topic rules (spec §3.5)', () => {
  it("closes the connection on a publish to another device's topic", async () => {
    const hub = await startHub();
    await service(hub).call('PUT', '/devices/other', {});
    const { client } = await connectDevice(hub);
    client.publish('devices/other/messages/events/', 'spoof', { qos: 1 });
    await closed(client);
    expect(await lastReason(hub)).toMatchObject({
      event: 'disconnect',
      reason: 'protocol-violation',
    });
    const events = await service(hub).call('GET', '/emulator/events?deviceId=other');
    expect(events.json.events).toEqual([]);
  });

  it('closes the connection on a subscribe to another device or an arbitrary filter', async () => {
    const hub = await startHub();
    const a = await connectDevice(hub);
    a.client.subscribe('devices/other/messages/devicebound/#', { qos: 1 });
    await closed(a.client);
    const b = await connectDevice(hub);
    b.client.subscribe('#', { qos: 0 });
    await closed(b.client);
    expect(await lastReason(hub)).toMatchObject({ reason: 'protocol-violation' });
  });

  it('closes the connection on a QoS 2 publish', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    client.publish('devices/device-1/messages/events/', 'x', { qos: 2 });
    await closed(client);
    expect(await lastReason(hub)).toMatchObject({
      reason: 'protocol-violation',
      detail: 'PUBLISH with QoS 2',
    });
  });

  it('grants QoS 1 for a QoS 2 subscribe', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    expect(await subscribe(client, 'devices/device-1/messages/devicebound/#', 2)).toBe(1);
    expect(await subscribe(client, '$iothub/methods/POST/#', 0)).toBe(0);
  });

  it('closes the connection on telemetry over 256 KB and stores nothing', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    client.publish('devices/device-1/messages/events/', Buffer.alloc(256 * 1024 + 1, 97), {
      qos: 1,
    });
    await closed(client);
    expect(await lastReason(hub)).toMatchObject({ reason: 'protocol-violation' });
    const events = await service(hub).call('GET', '/emulator/events?deviceId=device-1');
    expect(events.json.events).toHaveLength(0);
  });

  it('accepts telemetry of exactly 256 KB', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await client.publishAsync('devices/device-1/messages/events/', Buffer.alloc(256 * 1024, 97), {
      qos: 1,
    });
    const events = await service(hub).call('GET', '/emulator/events?deviceId=device-1');
    expect(events.json.events).toHaveLength(1);
  });

  it('refuses WebSocket upgrades with a wrong path or subprotocol with HTTP 400', async () => {
    const hub = await startHub();
    const { default: WebSocket } = await import('ws');
    const status = (path: string, protocol: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${hub.ports.http}${path}`, protocol);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('error', () => {});
      });
    expect(await status('/$iothub/websocket', 'chat')).toBe(400);
    expect(await status('/mqtt', 'mqtt')).toBe(400);
    expect(await status('/$iothub/websocket?iothub-no-client-cert=true', 'MQTT')).toBe(101);
    // AMQP over WebSockets shares the path; the Event Hubs clients' path is AMQP only.
    expect(await status('/$iothub/websocket', 'AMQPWSB10')).toBe(101);
    expect(await status('/$servicebus/websocket', 'AMQPWSB10')).toBe(101);
    expect(await status('/$servicebus/websocket', 'mqtt')).toBe(400);
  });
});

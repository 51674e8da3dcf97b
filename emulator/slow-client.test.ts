// A client that never reads must not stall the others (issue 3; perf-reliability A2: aedes'
// defaults let one frozen subscriber hold deliveries for a minute). The hub drops it after
// drainTimeout and says why.

import { connect, type Socket } from 'node:net';

import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';

import {
  connectDevice,
  deviceOptions,
  nextMessage,
  service,
  startHub,
  subscribe,
} from './test/helpers.ts';

/** A raw device that CONNECTs, SUBSCRIBEs, then stops reading its socket for good. */
async function frozenDevice(
  hub: Awaited<ReturnType<typeof startHub>>,
  deviceId: string,
): Promise<Socket> {
  const o = await deviceOptions(hub, { deviceId });
  const socket = connect(hub.ports.mqtt ?? 0, '127.0.0.1');
  const parser = mqttPacket.parser();
  const acked = new Promise<void>((resolve) =>
    parser.on('packet', (p) => p.cmd === 'suback' && resolve()),
  );
  socket.on('data', (d) => parser.parse(d));
  socket.write(
    mqttPacket.generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      clientId: deviceId,
      keepalive: 0,
      username: o.username as string,
      password: Buffer.from(o.password as string),
    }),
  );
  socket.write(
    mqttPacket.generate({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: '$iothub/twin/PATCH/properties/desired/#', qos: 0 }],
    }),
  );
  await acked;
  socket.removeAllListeners('data');
  socket.pause(); // never read again
  return socket;
}

describe('slow consumers', () => {
  it('a never-reading client does not stall delivery to others and is dropped after drainTimeout', async () => {
    const hub = await startHub({ drainTimeoutMs: 1500 });
    const api = service(hub);
    await api.call('PUT', '/devices/frozen', {});
    const frozen = await frozenDevice(hub, 'frozen');

    const { client } = await connectDevice(hub);
    await subscribe(client, '$iothub/twin/PATCH/properties/desired/#');
    await subscribe(client, '$iothub/methods/POST/#');
    client.on('message', (topic) => {
      if (topic.startsWith('$iothub/methods/POST/'))
        client.publish(`$iothub/methods/res/200/?$rid=${topic.split('$rid=')[1]}`, '"ok"');
    });

    // ~28 KB per notification, 250 of them: far more than the loopback socket buffers hold.
    const blob = (i: number) =>
      Object.fromEntries(Array.from({ length: 7 }, (_, k) => [`k${k}`, `${i}`.padEnd(3900, 'x')]));
    for (let i = 0; i < 250; i++) {
      const res = await api.call('PATCH', '/twins/frozen', { properties: { desired: blob(i) } });
      expect(res.status).toBe(200);
    }

    // Meanwhile device-1 gets every desired update and answers methods, promptly.
    for (let i = 0; i < 20; i++) {
      const pushed = nextMessage(client, (t) =>
        t.startsWith('$iothub/twin/PATCH/properties/desired/'),
      );
      await api.call('PATCH', '/twins/device-1', { properties: { desired: { n: i } } });
      expect(JSON.parse((await pushed).payload.toString())).toMatchObject({ n: i });
    }
    const method = await api.call('POST', '/twins/device-1/methods', {
      methodName: 'ping',
      responseTimeoutInSeconds: 5,
    });
    expect(method.json).toEqual({ status: 200, payload: 'ok' });

    // The frozen client is disconnected once its socket stayed full past drainTimeout.
    let last: { reason?: string } | undefined;
    for (let i = 0; i < 100 && last?.reason !== 'slow-consumer'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = (await api.call('GET', '/emulator/connections?deviceId=frozen')).json.connections.at(
        -1,
      );
    }
    expect(last).toMatchObject({ event: 'disconnect', reason: 'slow-consumer' });
    frozen.destroy();
  });
});

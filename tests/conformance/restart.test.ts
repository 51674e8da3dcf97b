// A hub closed and created again on the same data dir keeps what IoT Hub keeps: identities and
// their keys, the owner key, twins, the generated CA, and C2D messages not yet delivered (the C2D
// queue is per device and outlives connections and restarts, spec §1.9, §6). Driven with the
// official device SDK over `Mqtt` (GatewayHostName carries the ephemeral MQTTS port).
import { readFile } from 'node:fs/promises';

import { afterAll, expect, test } from 'vitest';

import { type Hub, HubRest, removeDir, startHub, tempDataDir, waitFor, within } from './helpers.ts';
import {
  type DeviceClientInstance,
  type MessageInstance,
  Mqtt,
  openDevice,
  withMqttsGateway,
} from './sdk.ts';

const hubs: Hub[] = [];
const clients: DeviceClientInstance[] = [];
let dataDir: string | undefined;

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await Promise.allSettled(hubs.map((hub) => hub.close()));
  await removeDir(dataDir);
});

async function start(dir: string): Promise<Hub> {
  const hub = await startHub({ tls: true, dataDir: dir, mqttsPort: 0, httpsPort: 0 });
  hubs.push(hub);
  return hub;
}

/** Connects, collecting C2D message ids in arrival order. */
async function connectCollecting(hub: Hub, connectionString: string) {
  const client = await openDevice(hub, withMqttsGateway(hub, connectionString), Mqtt);
  clients.push(client);
  const received: MessageInstance[] = [];
  client.on('message', (message: MessageInstance) => {
    received.push(message);
    void client.complete(message);
  });
  return { client, received };
}

test('identities, twins and undelivered C2D messages survive a restart', async () => {
  dataDir = await tempDataDir();
  const first = await start(dataDir);
  const firstRest = new HubRest(first);
  const firstCa = await readFile(first.caPath ?? '', 'utf8');
  const { deviceId, connectionString } = await firstRest.createDevice(first, 'restart');
  await firstRest.json('PATCH', `/twins/${deviceId}`, { properties: { desired: { mode: 'eco' } } });

  const before = await connectCollecting(first, connectionString);
  const twin = await within('getTwin', before.client.getTwin());
  await within(
    'reported update',
    new Promise<void>((resolve, reject) =>
      twin.properties.reported.update({ firmware: '1.0.0' }, (error?: Error) =>
        error ? reject(error) : resolve(),
      ),
    ),
  );
  // Delivered and completed before the restart: must not come back.
  await firstRest.sendC2d(deviceId, 'delivered', { 'iothub-messageid': 'c2d-delivered' });
  await waitFor('the first C2D message', () =>
    before.received.find((m) => m.messageId === 'c2d-delivered'),
  );
  await within('close', before.client.close());

  // Sent while the device is offline: waits in the queue, across the restart.
  await firstRest.sendC2d(deviceId, 'waiting', {
    'iothub-messageid': 'c2d-waiting',
    'iothub-app-reason': 'sent offline',
  });
  await first.close();
  hubs.splice(hubs.indexOf(first), 1);

  const second = await start(dataDir);
  const secondRest = new HubRest(second);
  expect(second.ownerConnectionString).toBe(first.ownerConnectionString);
  expect(second.connectionString(deviceId)).toBe(connectionString);
  expect(await readFile(second.caPath ?? '', 'utf8')).toBe(firstCa);

  const serviceTwin = await secondRest.json<{
    properties: { desired: Record<string, unknown>; reported: Record<string, unknown> };
  }>('GET', `/twins/${deviceId}`);
  expect(serviceTwin.properties.desired).toMatchObject({ mode: 'eco', $version: 2 });
  expect(serviceTwin.properties.reported).toMatchObject({ firmware: '1.0.0', $version: 2 });

  const after = await connectCollecting(second, connectionString);
  await secondRest.sendC2d(deviceId, 'fresh', { 'iothub-messageid': 'c2d-fresh' });
  // Queue order is FIFO: once the fresh one has arrived, anything redelivered would be in front.
  await waitFor('the C2D message sent after the restart', () =>
    after.received.find((m) => m.messageId === 'c2d-fresh'),
  );
  expect(after.received.map((m) => m.messageId)).toEqual(['c2d-waiting', 'c2d-fresh']);
  expect(after.received[0]?.getData().toString()).toBe('waiting');
  expect(after.received[0]?.properties.getValue('reason')).toBe('sent offline');

  const deviceTwin = await within('getTwin after restart', after.client.getTwin());
  expect(deviceTwin.properties.desired).toMatchObject({ mode: 'eco', $version: 2 });
  expect(deviceTwin.properties.reported).toMatchObject({ firmware: '1.0.0', $version: 2 });
});

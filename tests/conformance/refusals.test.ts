// Packet-level refusals with a raw MQTT 3.1.1 client on the hub's plain WebSocket endpoint. MQTT
// has no per-operation error channel: IoT Hub answers a bad CONNECT with CONNACK 5 and anything
// else it will not take by closing the network connection (spec §0.7, §1.6, §3.5, §7.1).
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';

import { signSasToken } from '../../src/iothub/sas-token.ts';

import { type Hub, HubRest, nextEvent, startHub, within } from './helpers.ts';

let hub: Hub;
let rest: HubRest;
const clients: MqttClient[] = [];

beforeAll(async () => {
  hub = await startHub({ inMemory: true });
  rest = new HubRest(hub);
});

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.endAsync(true)));
});

afterAll(async () => {
  await hub?.close();
});

function deviceKey(connectionString: string): string {
  const match = /;SharedAccessKey=([^;]+)/.exec(connectionString);
  if (!match?.[1]) throw new Error('connection string without SharedAccessKey');
  return match[1];
}

async function credentials(deviceId: string, connectionString: string, expiresAt?: number) {
  const password = await signSasToken({
    resourceUri: `${hub.hostName}/devices/${deviceId}`,
    key: deviceKey(connectionString),
    expiresAt: expiresAt ?? Math.floor(Date.now() / 1000) + 3600,
  });
  return {
    clientId: deviceId,
    username: `${hub.hostName}/${deviceId}/?api-version=2021-04-12`,
    password,
  };
}

function connectRaw(options: IClientOptions): Promise<MqttClient> {
  const url = `ws://127.0.0.1:${hub.ports.http}/$iothub/websocket`;
  const client = mqtt.connect(url, {
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...options,
  });
  clients.push(client);
  return within(
    'CONNACK',
    new Promise<MqttClient>((resolve, reject) => {
      client.once('connect', () => resolve(client));
      client.once('error', reject);
      client.once('close', () => reject(new Error('closed before CONNACK')));
    }),
  );
}

async function connectedDevice() {
  const { deviceId, connectionString } = await rest.createDevice(hub, 'raw');
  const client = await connectRaw(await credentials(deviceId, connectionString));
  return { deviceId, connectionString, client };
}

function telemetryTopic(deviceId: string): string {
  return `devices/${deviceId}/messages/events/`;
}

/** Publishes and expects the hub to close the connection without acknowledging the publish. */
async function expectCloseOnPublish(
  client: MqttClient,
  topic: string,
  payload: Buffer | string,
  qos: 0 | 1 | 2,
) {
  const closed = nextEvent(client, 'close');
  let acknowledged = false;
  // MQTT.js keeps an unacknowledged publish for a reconnect (none here, reconnectPeriod 0), so
  // its callback runs only at end(); an acknowledgement would have run it before the close.
  client.publish(topic, payload, { qos }, (error) => {
    if (!error) acknowledged = true;
  });
  await closed;
  expect(acknowledged).toBe(false);
}

test('publishing to another device telemetry topic closes the connection', async () => {
  const { deviceId, client } = await connectedDevice();
  const other = await rest.createDevice(hub, 'victim');
  await client.publishAsync(telemetryTopic(deviceId), 'mine', { qos: 1 });
  await expectCloseOnPublish(client, telemetryTopic(other.deviceId), 'forged', 1);
  expect(await rest.events(other.deviceId)).toEqual([]);
  expect((await rest.events(deviceId)).map((e) => e.body)).toEqual(['mine']);
});

test('a QoS 2 publish closes the connection', async () => {
  const { deviceId, client } = await connectedDevice();
  await client.publishAsync(telemetryTopic(deviceId), 'qos1', { qos: 1 });
  await expectCloseOnPublish(client, telemetryTopic(deviceId), 'qos2', 2);
  expect((await rest.events(deviceId)).map((e) => e.body)).toEqual(['qos1']);
});

test('telemetry over 256 KB closes the connection; 255 KB is accepted', async () => {
  const { deviceId, client } = await connectedDevice();
  const fits = Buffer.alloc(255 * 1024, 'a');
  await within(
    'PUBACK for 255 KB',
    client.publishAsync(telemetryTopic(deviceId), fits, { qos: 1 }),
  );
  const tooLarge = Buffer.alloc(256 * 1024 + 1, 'b');
  await expectCloseOnPublish(client, telemetryTopic(deviceId), tooLarge, 1);
  const events = await rest.events(deviceId);
  expect(events.map((e) => Buffer.from(e.bodyBase64, 'base64').length)).toEqual([255 * 1024]);
});

test('an expired token gets CONNACK 5; the same identity with a valid token connects', async () => {
  const { deviceId, connectionString } = await rest.createDevice(hub, 'expired');
  const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
  const expired = await credentials(deviceId, connectionString, anHourAgo);
  await expect(connectRaw(expired)).rejects.toMatchObject({ code: 5 });
  const valid = await credentials(deviceId, connectionString);
  const client = await connectRaw(valid);
  expect(client.connected).toBe(true);
});

test('a malformed username gets CONNACK 5; the well-formed one connects', async () => {
  const { deviceId, connectionString } = await rest.createDevice(hub, 'username');
  const good = await credentials(deviceId, connectionString);
  // Not the `{host}/{deviceId}/?{query}` shape of spec §1.3: no separators, no device id.
  for (const username of ['garbage', `${hub.hostName}/?api-version=2021-04-12`]) {
    await expect(connectRaw({ ...good, username }), username).rejects.toMatchObject({ code: 5 });
  }
  const client = await connectRaw(good);
  expect(client.connected).toBe(true);
});

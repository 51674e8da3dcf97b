// Device-side load for the kill -9 suite. Telemetry and twin devices are mqtt.js clients; the C2D
// device speaks raw MQTT packets (mqtt-packet) because it must choose, message by message, whether
// to PUBACK: mqtt.js processes incoming packets strictly in order and stalls the whole stream when
// one QoS 1 message's handleMessage callback is held back.

import { connect as tcpConnect, type Socket } from 'node:net';

import mqtt, { type MqttClient } from 'mqtt';
import mqttPacket, { type Packet } from 'mqtt-packet';

import { buildClientId, buildUsername } from '../../src/iothub/mqtt-connect.ts';
import { deviceResourceUri, signSasToken } from '../../src/iothub/sas-token.ts';
import {
  c2dFilter,
  parseTopic,
  telemetryTopic,
  TWIN_RESPONSE_FILTER,
  twinReportedTopic,
} from '../../src/iothub/topics.ts';

import { HOST_NAME, waitUntil } from './emulator-process.ts';

async function credentials(deviceId: string, key: string) {
  return {
    clientId: buildClientId(deviceId),
    username: buildUsername({ hostName: HOST_NAME, deviceId }),
    password: await signSasToken({
      resourceUri: deviceResourceUri(HOST_NAME, deviceId),
      key,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    }),
  };
}

/** Every mqtt.js client opened here, so the suite can end them whatever happens. */
export const openClients = new Set<MqttClient>();
/** Every raw socket opened here. */
export const openSockets = new Set<Socket>();

export async function connectMqtt(port: number, deviceId: string, key: string) {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
    ...(await credentials(deviceId, key)),
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0, // a reconnect would race the kill; the suite reconnects explicitly
    connectTimeout: 5000,
  });
  openClients.add(client);
  client.on('error', () => {}); // the kill surfaces as 'close'; assertions look at acks only
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('close', () => reject(new Error(`${deviceId}: connection closed before CONNACK`)));
  });
  return client;
}

export const telemetryBody = (id: string, n: number): string =>
  JSON.stringify({ id, n, pad: 'x'.repeat((n * 37) % 300) });

/** A device publishing QoS 1 telemetry with at most `window` messages awaiting their PUBACK.
 *  `acked` holds the ids whose PUBACK this client received: the user-visible promise. */
export async function startPublisher(o: {
  port: number;
  deviceId: string;
  key: string;
  round: number;
  window: number;
  max: number;
  stopped: () => boolean;
}) {
  const client = await connectMqtt(o.port, o.deviceId, o.key);
  const sent = new Map<string, number>();
  const acked = new Set<string>();
  let inFlight = 0;
  let n = 0;
  const pump = () => {
    while (!o.stopped() && client.connected && inFlight < o.window && n < o.max) {
      const k = n++;
      const id = `${o.deviceId}.r${o.round}.${k}`;
      const topic = telemetryTopic(
        { deviceId: o.deviceId },
        { system: { messageId: id }, application: { round: String(o.round), n: String(k) } },
      );
      sent.set(id, k);
      inFlight++;
      client.publish(topic, telemetryBody(id, k), { qos: 1 }, (error) => {
        inFlight--;
        if (!error) acked.add(id);
        pump();
      });
    }
  };
  pump();
  return { deviceId: o.deviceId, client, sent, acked };
}

/** Reported patches one at a time; each 204 carries the twin's new reported `$version`. */
export async function startReporter(o: {
  port: number;
  deviceId: string;
  key: string;
  firstN: number;
  max: number;
  stopped: () => boolean;
}) {
  const client = await connectMqtt(o.port, o.deviceId, o.key);
  await client.subscribeAsync(TWIN_RESPONSE_FILTER, { qos: 0 });
  const state = {
    acked: [] as { n: number; version: number }[],
    inFlight: undefined as number | undefined,
  };
  const waiting = new Map<string, (version: number | undefined, status: number) => void>();
  client.on('message', (topic) => {
    const t = parseTopic(topic);
    if (t.kind === 'twin-response') waiting.get(t.rid)?.(t.version, t.status);
  });
  const closed = new Promise<undefined>((resolve) =>
    client.once('close', () => resolve(undefined)),
  );
  const loop = (async () => {
    for (let n = o.firstN; n < o.firstN + o.max && !o.stopped() && client.connected; n++) {
      const rid = `rp${n}`;
      state.inFlight = n;
      const answered = new Promise<{ version: number | undefined; status: number }>((resolve) =>
        waiting.set(rid, (version, status) => resolve({ version, status })),
      );
      // QoS 0 as the SDKs send twin requests; the answer on $iothub/twin/res is what counts.
      client.publish(twinReportedTopic(rid), JSON.stringify({ n, note: `patch ${n}` }));
      const reply = await Promise.race([answered, closed]);
      if (!reply) return; // killed while waiting: patch n may or may not have been applied
      if (reply.status !== 204 || reply.version === undefined)
        throw new Error(`reported patch ${n}: status ${reply.status}`);
      waiting.delete(rid);
      state.acked.push({ n, version: reply.version });
      state.inFlight = undefined;
    }
  })();
  return { client, state, loop };
}

export type C2dDelivery = { topic: string; messageId: string; packetId: number; body: string };

/** A raw MQTT device (CleanSession 0) on its C2D topic at QoS 1 that PUBACKs only when told to.
 *  With `subscribe` false it relies on the subscription the hub kept for its session. */
export async function rawC2dDevice(port: number, deviceId: string, key: string, subscribe = true) {
  const creds = await credentials(deviceId, key);
  const socket = tcpConnect(port, '127.0.0.1');
  openSockets.add(socket);
  socket.on('error', () => {}); // the kill resets the socket
  let closed = false;
  socket.on('close', () => {
    closed = true;
    openSockets.delete(socket);
  });
  const parser = mqttPacket.parser();
  const deliveries: C2dDelivery[] = [];
  const packets: Packet[] = [];
  parser.on('packet', (p) => {
    packets.push(p);
    if (p.cmd !== 'publish') return;
    const t = parseTopic(p.topic);
    deliveries.push({
      topic: p.topic, // the suite asserts every one is a C2D topic
      messageId: t.kind === 'c2d' ? (t.properties.system.messageId ?? '') : '',
      packetId: p.messageId ?? -1,
      body: p.payload.toString(),
    });
  });
  socket.on('data', (d) => parser.parse(d));
  const send = (p: Packet) => socket.write(mqttPacket.generate(p));
  send({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: false, // the queue is the hub's either way; the subscription is kept too (spec §1.9)
    keepalive: 0,
    clientId: creds.clientId,
    username: creds.username,
    password: Buffer.from(creds.password),
  });
  const connack = await waitUntil('CONNACK', () => packets.find((p) => p.cmd === 'connack'));
  if (connack.cmd !== 'connack' || connack.returnCode !== 0)
    throw new Error(`${deviceId}: CONNECT refused`);
  if (subscribe) {
    send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: c2dFilter(deviceId), qos: 1 }],
    });
    await waitUntil('SUBACK', () => packets.some((p) => p.cmd === 'suback'));
  }
  const acked = new Set<string>();
  return {
    sessionPresent: connack.sessionPresent,
    deliveries,
    /** PUBACKs the delivery now; true when the bytes were handed to a live socket. */
    ack(d: C2dDelivery): boolean {
      if (socket.destroyed || !socket.writable) return false;
      send({ cmd: 'puback', messageId: d.packetId });
      acked.add(d.messageId);
      return true;
    },
    acked,
    /** True once the socket is gone (after the kill, once the kernel closed the hub's end). */
    closed: () => closed,
    close: () => socket.destroy(),
  };
}

/** The CONNACK return code a device gets with this key (0 = accepted). */
export async function connackCode(port: number, deviceId: string, key: string): Promise<number> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
    ...(await credentials(deviceId, key)),
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  openClients.add(client);
  try {
    return await new Promise<number>((resolve, reject) => {
      client.once('connect', () => resolve(0));
      client.once('error', (e) => resolve((e as { code?: number }).code ?? -1));
      client.once('close', () => reject(new Error(`${deviceId}: closed without a CONNACK`)));
    });
  } finally {
    client.end(true);
    openClients.delete(client);
  }
}

// Test helpers: an in-memory hub on ephemeral ports, a raw mqtt.js device client, and a REST
// client signing SAS tokens like the service SDK. Each test stays a handful of lines.

import { connect } from 'node:net';

import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { afterEach } from 'vitest';

import { parseConnectionString } from '../../src/iothub/connection-string.ts';
import { deviceResourceUri, signSasToken } from '../../src/iothub/sas-token.ts';
import { createHub, type Hub, type HubOptions } from '../hub.ts';
import { nowSeconds } from '../time.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
type Json = any;

const hubs: Hub[] = [];
const clients: MqttClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.end(true);
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const hub = await createHub({ port: 0, mqttPort: 'ephemeral', inMemory: true, ...options });
  hubs.push(hub);
  return hub;
}

/** Forget a hub closed by the test itself. */
export function forget(hub: Hub): void {
  const i = hubs.indexOf(hub);
  if (i >= 0) hubs.splice(i, 1);
}

export function keyOf(hub: Hub, deviceId: string, moduleId?: string): string {
  const parsed = parseConnectionString(hub.connectionString(deviceId, moduleId));
  if (!parsed.ok || parsed.value.auth.kind !== 'key') throw new Error('bad connection string');
  return parsed.value.auth.sharedAccessKey;
}

export type DeviceOptions = {
  deviceId?: string;
  moduleId?: string;
  key?: string;
  clean?: boolean;
  ttlSeconds?: number;
  transport?: 'tcp' | 'ws';
  username?: string;
  password?: string;
  clientId?: string;
  will?: IClientOptions['will'];
};

export async function deviceOptions(
  hub: Hub,
  o: DeviceOptions = {},
): Promise<IClientOptions & { url: string }> {
  const deviceId = o.deviceId ?? 'device-1';
  const clientId = o.clientId ?? (o.moduleId ? `${deviceId}/${o.moduleId}` : deviceId);
  const password =
    o.password ??
    (await signSasToken({
      resourceUri: deviceResourceUri(hub.hostName, deviceId, o.moduleId),
      key: o.key ?? keyOf(hub, deviceId, o.moduleId),
      expiresAt: nowSeconds() + (o.ttlSeconds ?? 3600),
    }));
  const url =
    (o.transport ?? 'tcp') === 'tcp'
      ? `mqtt://127.0.0.1:${hub.ports.mqtt}`
      : `ws://127.0.0.1:${hub.ports.http}/$iothub/websocket`;
  return {
    url,
    clientId,
    username: o.username ?? `${hub.hostName}/${clientId}/?api-version=2021-04-12`,
    password,
    clean: o.clean ?? false,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...(o.will ? { will: o.will } : {}),
  };
}

/** Connects a device; resolves with the client and its CONNACK, rejects on refusal. */
export async function connectDevice(
  hub: Hub,
  o: DeviceOptions = {},
): Promise<{ client: MqttClient; sessionPresent: boolean }> {
  const { url, ...options } = await deviceOptions(hub, o);
  const client = mqtt.connect(url, options);
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', (connack) =>
      resolve({ client, sessionPresent: connack.sessionPresent }),
    );
    client.once('error', (e) => reject(e));
  });
}

/** Connects and returns the CONNACK return code of a refusal (or 0). */
export async function connackCode(hub: Hub, o: DeviceOptions = {}): Promise<number> {
  try {
    await connectDevice(hub, o);
    return 0;
  } catch (e) {
    return (e as { code?: number }).code ?? -1;
  }
}

export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) resolve();
    client.once('close', () => resolve());
  });
}

export function nextMessage(
  client: MqttClient,
  match: (topic: string) => boolean = () => true,
): Promise<{ topic: string; payload: Buffer; qos: number }> {
  return new Promise((resolve) => {
    const on = (topic: string, payload: Buffer, packet: { qos: number }) => {
      if (!match(topic)) return;
      client.off('message', on);
      resolve({ topic, payload, qos: packet.qos });
    };
    client.on('message', on);
  });
}

export async function subscribe(
  client: MqttClient,
  topic: string,
  qos: 0 | 1 | 2 = 0,
): Promise<number> {
  const granted = await client.subscribeAsync(topic, { qos });
  return granted[0]?.qos ?? -1;
}

/** REST client authorized with a policy (default iothubowner) over the hub's HTTP port. */
export function service(hub: Hub, policy?: { name: string; key: string }) {
  const owner = /SharedAccessKey=([^;]+)/.exec(hub.ownerConnectionString)?.[1] ?? '';
  const token = () =>
    signSasToken({
      resourceUri: hub.hostName,
      key: policy?.key ?? owner,
      keyName: policy?.name ?? 'iothubowner',
      expiresAt: nowSeconds() + 3600,
    });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const sep = path.includes('?') ? '&' : '?';
    const init: RequestInit = {
      method,
      headers: {
        authorization: await token(),
        ...headers,
        ...(body !== undefined && typeof body !== 'string'
          ? { 'content-type': 'application/json' }
          : {}),
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(
      `http://127.0.0.1:${hub.ports.http}${path}${sep}api-version=2021-04-12`,
      init,
    );
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      json: (text ? JSON.parse(text) : undefined) as Json,
      text,
    };
  };
  return { call, token };
}

/** A device speaking raw MQTT packets: it never PUBACKs unless told, and records what it gets. */
export async function rawDevice(hub: Hub, o: DeviceOptions = {}) {
  const opts = await deviceOptions(hub, o);
  const socket = connect(hub.ports.mqtt ?? 0, '127.0.0.1');
  const parser = mqttPacket.parser();
  const packets: Packet[] = [];
  parser.on('packet', (p) => packets.push(p));
  socket.on('data', (d) => parser.parse(d));
  const send = (p: Packet) => socket.write(mqttPacket.generate(p));
  send({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: o.clean ?? false,
    clientId: opts.clientId ?? '',
    keepalive: 0,
    username: opts.username ?? '',
    password: Buffer.from(String(opts.password)),
  });
  /** Resolves with the first recorded packet (from index `from`) that matches. */
  const waitFor = async <T extends Packet>(match: (p: Packet) => boolean, from = 0): Promise<T> => {
    for (let i = 0; i < 500; i++) {
      const found = packets.slice(from).find(match);
      if (found) return found as T;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('expected packet did not arrive');
  };
  return { socket, packets, send, waitFor };
}

/** A SAS token of the identity signed with its own key, valid for an hour. */
export function deviceToken(hub: Hub, deviceId: string, moduleId?: string): Promise<string> {
  return signSasToken({
    resourceUri: deviceResourceUri(hub.hostName, deviceId, moduleId),
    key: keyOf(hub, deviceId, moduleId),
    expiresAt: nowSeconds() + 3600,
  });
}

/** The device HTTPS API on the hub's plain HTTP port, signed with the identity's key. */
export function deviceHttp(hub: Hub, deviceId = 'device-1', moduleId?: string) {
  return async (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
    token?: string,
  ) => {
    const authorization = token ?? (await deviceToken(hub, deviceId, moduleId));
    const sep = path.includes('?') ? '&' : '?';
    const init: RequestInit = { method, headers: { authorization, ...headers } };
    if (body !== undefined) init.body = body;
    const res = await fetch(
      `http://127.0.0.1:${hub.ports.http}${path}${sep}api-version=2021-04-12`,
      init,
    );
    const raw = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, text: raw.toString('utf8') };
  };
}

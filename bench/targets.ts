// The brokers under test, each on ephemeral loopback ports: plain aedes (no hooks, in-memory
// persistence) over TCP or behind ws, and the emulator in memory or on disk. Every target
// provides credentials for `count` devices and a close() that frees everything it made.

import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Aedes } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';

import { createHub } from '../emulator/hub.ts';
import { parseConnectionString } from '../src/iothub/connection-string.ts';
import { buildClientId, buildUsername } from '../src/iothub/mqtt-connect.ts';
import { deviceResourceUri, signSasToken } from '../src/iothub/sas-token.ts';

import type { DeviceCredentials } from './protocol.ts';

export const WEBSOCKET_PATH = '/$iothub/websocket';
const HOST = '127.0.0.1';

export type Target = {
  name: string;
  tcpUrl?: string;
  wsUrl?: string;
  devices(count: number): Promise<DeviceCredentials[]>;
  close(): Promise<void>;
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function listen(server: Server): Promise<number> {
  server.listen(0, HOST);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** aedes as it ships: no authenticate/authorize hooks, default in-memory persistence. */
export async function startAedes(transport: 'tcp' | 'ws'): Promise<Target> {
  const broker = await Aedes.createBroker();
  let server: Server;
  let closeExtra = () => {};
  if (transport === 'tcp') {
    server = createNetServer((socket) => broker.handle(socket));
  } else {
    // The recipe from the toolchain notes: ws at the hub's path, no permessage-deflate.
    const http = createHttpServer();
    const wss = new WebSocketServer({
      server: http,
      path: WEBSOCKET_PATH,
      perMessageDeflate: false,
      handleProtocols: (protocols) =>
        protocols.has('mqtt') ? 'mqtt' : protocols.has('MQTT') ? 'MQTT' : false,
    });
    wss.on('connection', (ws, req) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      broker.handle(stream, req);
    });
    closeExtra = () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    };
    server = http;
  }
  const port = await listen(server);
  const hostName = 'aedes.local';
  return {
    name: `aedes-${transport}`,
    ...(transport === 'tcp'
      ? { tcpUrl: `mqtt://${HOST}:${port}` }
      : { wsUrl: `ws://${HOST}:${port}${WEBSOCKET_PATH}` }),
    devices: async (count) =>
      Array.from({ length: count }, (_, i) => {
        const deviceId = `bench-${i}`;
        return {
          deviceId,
          clientId: buildClientId(deviceId),
          username: buildUsername({ hostName, deviceId }),
          password: 'unchecked',
        };
      }),
    async close() {
      closeExtra();
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      const closed = closeServer(server);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await closed;
    },
  };
}

/** The emulator, in memory or with a fresh on-disk data dir (SQLite WAL) removed on close. */
export async function startEmulator(storage: 'memory' | 'disk'): Promise<Target> {
  const dataDir = storage === 'disk' ? await mkdtemp(join(tmpdir(), 'iothub-bench-')) : undefined;
  const hub = await createHub({
    port: 0,
    mqttPort: 'ephemeral',
    bind: HOST,
    ...(dataDir === undefined ? { inMemory: true } : { dataDir }),
  });
  const owner = /SharedAccessKey=([^;]+)/.exec(hub.ownerConnectionString)?.[1] ?? '';
  const base = `http://${HOST}:${hub.ports.http}`;

  async function register(deviceId: string): Promise<void> {
    const authorization = await signSasToken({
      resourceUri: hub.hostName,
      key: owner,
      keyName: 'iothubowner',
      expiresAt: nowSeconds() + 3600,
    });
    const res = await fetch(`${base}/devices/${deviceId}?api-version=2021-04-12`, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`PUT /devices/${deviceId} answered ${res.status}`);
  }

  async function credentials(deviceId: string): Promise<DeviceCredentials> {
    const parsed = parseConnectionString(hub.connectionString(deviceId));
    if (!parsed.ok || parsed.value.auth.kind !== 'key')
      throw new Error('unexpected connection string');
    return {
      deviceId,
      clientId: buildClientId(deviceId),
      username: buildUsername({ hostName: hub.hostName, deviceId }),
      password: await signSasToken({
        resourceUri: deviceResourceUri(hub.hostName, deviceId),
        key: parsed.value.auth.sharedAccessKey,
        expiresAt: nowSeconds() + 3600,
      }),
    };
  }

  return {
    name: `emulator-${storage}`,
    tcpUrl: `mqtt://${HOST}:${hub.ports.mqtt}`,
    wsUrl: `ws://${HOST}:${hub.ports.http}${WEBSOCKET_PATH}`,
    async devices(count) {
      const ids = Array.from({ length: count }, (_, i) => `bench-${i}`);
      for (const id of ids) await register(id);
      return Promise.all(ids.map(credentials));
    },
    async close() {
      await hub.close();
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

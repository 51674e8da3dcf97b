// The hub's listeners (issue 3): HTTP (console, REST, MQTT and AMQP over WebSockets), plain MQTT,
// plain AMQP, and with TLS, MQTT over TLS, AMQP over TLS and HTTPS (+ WSS). Which start, on which
// ports, and what a taken port means.

import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

import type { AmqpServer } from './amqp/server.ts';
import type { HttpGuard } from './http-guard.ts';
import { createWebServer } from './http-server.ts';
import { acceptConnection, type MqttBroker } from './mqtt/accept.ts';
import { listen, PortUnavailableError, type Listener } from './ports.ts';
import { loadTls } from './tls.ts';
import { MUTUAL_TLS, peerChain } from './x509/peer.ts';

/** Which listeners run on which ports (createHub options). */
export type ListenerPorts = {
  /** HTTP port: console, REST, /health, MQTT over WebSockets. Default 8080; 0 = ephemeral. */
  port?: number;
  /** Plain MQTT over TCP. Default 1883; 0 = off. Use `ephemeral` for a free port (tests). */
  mqttPort?: number | 'ephemeral';
  /** Plain AMQP over TCP (the built-in endpoint with UseDevelopmentEmulator=true, and every
   *  AMQP link). Default off (main.ts asks for 5672); `ephemeral` for a free port (tests). */
  amqpPort?: number | 'ephemeral';
  /** Adds MQTT over TLS (mqttsPort), HTTPS + WSS (httpsPort) and AMQP over TLS (amqpsPort). */
  tls?: boolean;
  mqttsPort?: number;
  httpsPort?: number;
  /** AMQP over TLS (with tls). Default off (main.ts asks for 5671); `ephemeral` for a free port. */
  amqpsPort?: number | 'ephemeral';
  /** PEM file paths; generated into <dataDir>/tls when absent. */
  cert?: string;
  key?: string;
  /** Listeners the hub runs without when their port is taken (see `Hub.skipped`); the others
   *  make createHub reject with PortUnavailableError. main.ts lists those left at their default. */
  optionalListeners?: Listener[];
};

export type ListenerOptions = ListenerPorts & {
  bind: string;
  hostName: string;
  dataDir: string | undefined;
};

export type ListenerDeps = {
  mqtt: MqttBroker;
  api: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  serveStatic: (req: IncomingMessage, res: ServerResponse) => boolean;
  isReady: () => boolean;
  amqp: AmqpServer;
  /** Host/Origin check of the web ports (issue 12). */
  guard: HttpGuard;
};

export type Listeners = {
  ports: {
    http: number;
    mqtt?: number;
    mqtts?: number;
    https?: number;
    amqp?: number;
    amqps?: number;
  };
  skipped: { listener: Listener; port: number }[];
  caPath?: string;
  /** Closes every server and its open connections; resolves once all are closed. */
  close(): Promise<void>;
  /** Removes temporary TLS material (after close). */
  cleanUp(): void;
};

/** Starts the listeners into `ports` (filled as each comes up, so /emulator routes see them). On
 *  failure closes what started and rethrows. */
export async function startListeners(
  o: ListenerOptions,
  deps: ListenerDeps,
  ports: Listeners['ports'],
): Promise<Listeners> {
  const servers: NetServer[] = [];
  const skipped: Listeners['skipped'] = [];
  let tempDir: string | undefined;
  let caPath: string | undefined;
  const start = async (server: NetServer, listener: Listener, port: number) => {
    servers.push(server);
    try {
      return await listen(server, listener, port, o.bind);
    } catch (e) {
      if (!(e instanceof PortUnavailableError) || !o.optionalListeners?.includes(listener)) throw e;
      skipped.push({ listener, port });
      return undefined;
    }
  };
  const close = async () => {
    const closed = servers.map(
      (server) =>
        new Promise<void>((resolve) =>
          server.listening ? server.close(() => resolve()) : resolve(),
        ),
    );
    for (const server of servers)
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await Promise.all(closed);
  };
  const cleanUp = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    const http = await start(createWebServer(deps), 'http', o.port ?? 8080);
    if (http === undefined) throw new Error('the HTTP listener is not optional');
    ports.http = http;
    const mqttPort = o.mqttPort === 'ephemeral' ? 0 : (o.mqttPort ?? 1883);
    if (mqttPort !== 0 || o.mqttPort === 'ephemeral') {
      const tcp = createNetServer((socket) =>
        acceptConnection(deps.mqtt, socket, {
          transport: 'mqtt',
          remoteAddress: socket.remoteAddress,
        }),
      );
      const mqtt = await start(tcp, 'mqtt', mqttPort);
      if (mqtt !== undefined) ports.mqtt = mqtt;
    }
    const amqpPort = o.amqpPort === 'ephemeral' ? 0 : (o.amqpPort ?? 0);
    if (amqpPort !== 0 || o.amqpPort === 'ephemeral') {
      const tcp = createNetServer((socket) =>
        deps.amqp.accept(socket, 'amqp', socket.remoteAddress),
      );
      const amqp = await start(tcp, 'amqp', amqpPort);
      if (amqp !== undefined) ports.amqp = amqp;
    }
    if (o.tls) {
      const material = await loadTls({
        dataDir: o.dataDir,
        hostName: o.hostName,
        ...(o.cert ? { cert: o.cert } : {}),
        ...(o.key ? { key: o.key } : {}),
      });
      caPath = material.caPath;
      tempDir = material.tempDir;
      const tlsOptions = { cert: material.cert, key: material.key, ...MUTUAL_TLS };
      const mqtts = createTlsServer(tlsOptions, (socket) =>
        acceptConnection(deps.mqtt, socket, {
          transport: 'mqtts',
          remoteAddress: socket.remoteAddress,
          certificates: peerChain(socket),
        }),
      );
      const secure = await start(mqtts, 'mqtts', o.mqttsPort ?? 8883);
      if (secure !== undefined) ports.mqtts = secure;
      if (o.amqpsPort !== undefined && o.amqpsPort !== 0) {
        const amqps = createTlsServer(tlsOptions, (socket) =>
          deps.amqp.accept(socket, 'amqps', socket.remoteAddress, peerChain(socket)),
        );
        const port = o.amqpsPort === 'ephemeral' ? 0 : o.amqpsPort;
        const amqpsPort = await start(amqps, 'amqps', port);
        if (amqpsPort !== undefined) ports.amqps = amqpsPort;
      }
      const https = await start(
        createWebServer({ ...deps, tls: material }),
        'https',
        o.httpsPort ?? 8443,
      );
      if (https !== undefined) ports.https = https;
    }
  } catch (e) {
    await close();
    cleanUp();
    throw e;
  }
  return { ports, skipped, ...(caPath !== undefined ? { caPath } : {}), close, cleanUp };
}

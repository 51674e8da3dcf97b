// createHub(options) → { ports, close() }: the local IoT Hub (issue 3), shaped like aedes.

import { rmSync } from 'node:fs';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

import {
  buildDeviceConnectionString,
  buildServiceConnectionString,
} from '../src/iothub/connection-string.ts';

import { createAmqpEndpoint } from './amqp/endpoint.ts';
import { DEFAULT_PARTITIONS, MAX_PARTITIONS } from './amqp/partitions.ts';
import { createApi } from './api/server.ts';
import { BUILT_IN_POLICIES } from './auth.ts';
import { acceptConnection, createBroker } from './broker.ts';
import { createContext } from './context.ts';
import { createC2dFeature } from './features/c2d.ts';
import { createFeedbackQueue } from './features/feedback.ts';
import { createMethodsFeature } from './features/methods.ts';
import { createTelemetryLog } from './features/telemetry.ts';
import { createTwinFeature } from './features/twin.ts';
import { createWebServer } from './http-server.ts';
import { listen, PortUnavailableError, type Listener } from './ports.ts';
import { createSessions, type Session } from './sessions.ts';
import { ensureFirstDevice, ensurePolicies } from './setup.ts';
import { createStaticHandler } from './static-files.ts';
import { openStore } from './store/index.ts';
import { hubTime } from './time.ts';
import { loadTls } from './tls.ts';

export type HubOptions = {
  /** HTTP port: console, REST, /health, MQTT over WebSockets. Default 8080; 0 = ephemeral. */
  port?: number;
  /** Address every listener binds. Default 127.0.0.1. */
  bind?: string;
  /** Plain MQTT over TCP. Default 1883; 0 = off. Use `ephemeral` for a free port (tests). */
  mqttPort?: number | 'ephemeral';
  /** Plain AMQP over TCP (the built-in endpoint with UseDevelopmentEmulator=true, and every
   *  AMQP link). Default off (main.ts asks for 5672); `ephemeral` for a free port (tests). */
  amqpPort?: number | 'ephemeral';
  /** Adds MQTT over TLS (mqttsPort), AMQP over TLS (amqpsPort) and HTTPS + WSS (httpsPort). */
  tls?: boolean;
  mqttsPort?: number;
  /** AMQP over TLS (with tls). Default off (main.ts asks for 5671); `ephemeral` for a free port. */
  amqpsPort?: number | 'ephemeral';
  /** Partitions of the built-in Event Hubs-compatible endpoint (default 4, at most 32). */
  partitions?: number;
  /** ms a C2D feedback batch stays open for more records (default 1000). */
  feedbackBatchMs?: number;
  httpsPort?: number;
  /** PEM file paths; generated into <dataDir>/tls when absent. */
  cert?: string;
  key?: string;
  /** The hub host name in connection strings and SAS `sr`. Default 'localhost'. */
  hostName?: string;
  dataDir?: string;
  inMemory?: boolean;
  /** Base64 primary key of the iothubowner policy. */
  ownerKey?: string;
  /** Built console to serve at '/'. */
  staticDir?: string;
  telemetryRetention?: { maxCount: number; maxAgeSeconds: number };
  /** ms a client's socket may stay full before it is dropped (default 10 000). */
  drainTimeoutMs?: number;
  /** ms a C2D delivery may stay unacknowledged before it is sent again with DUP (default 60 000). */
  c2dLockTimeoutMs?: number;
  /** Listeners the hub runs without when their port is taken (see `Hub.skipped`); the others
   *  make createHub reject with PortUnavailableError. main.ts lists those left at their default. */
  optionalListeners?: Listener[];
  log?: (line: string) => void;
};

export type Hub = {
  ports: {
    http: number;
    mqtt?: number;
    mqtts?: number;
    https?: number;
    amqp?: number;
    amqps?: number;
  };
  hostName: string;
  ownerConnectionString: string;
  /** The built-in endpoint: its Event Hubs name and the connection string to read it with. */
  eventHub: { name: string; partitions: number; connectionString?: string };
  connectionString(deviceId: string, moduleId?: string): string;
  caPath?: string;
  /** Optional listeners not started because their port was taken. */
  skipped: { listener: Listener; port: number }[];
  close(): Promise<void>;
};

export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const bind = options.bind ?? '127.0.0.1';
  const hostName = options.hostName ?? 'localhost';
  const dataDir = options.inMemory ? undefined : (options.dataDir ?? '.iothub-emulator');
  const store = openStore(dataDir);
  const ctx = createContext(store, hostName, options.log ?? (() => {}));
  ensurePolicies(ctx, options.ownerKey);
  ensureFirstDevice(ctx);

  const sessions = createSessions(ctx);
  const twin = createTwinFeature(ctx, sessions);
  const methods = createMethodsFeature(sessions);
  const c2d = createC2dFeature(ctx, sessions, options.c2dLockTimeoutMs ?? 60_000);
  const telemetry = createTelemetryLog(
    ctx,
    options.telemetryRetention ?? { maxCount: 10_000, maxAgeSeconds: 24 * 3600 },
  );
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS)
    throw new Error(`partitions must be 1 to ${MAX_PARTITIONS}, got ${partitions}`);
  const feedback = createFeedbackQueue(ctx, options.feedbackBatchMs ?? 1000);
  // The Event Hubs-compatible name is the hub name: the first label of its host name.
  const eventHubInfo = {
    name: hostName.split('.')[0] ?? hostName,
    partitionCount: partitions,
    createdMs: Date.now(),
  };
  const amqp = createAmqpEndpoint({ ctx, c2d, feedback, eventHub: eventHubInfo });
  const broker = await createBroker(
    ctx,
    sessions,
    { twin, methods, c2d, telemetry },
    {
      drainTimeout: options.drainTimeoutMs ?? 10_000,
      concurrency: 1000,
    },
  );

  // Connection state timestamps on the identity record (spec §8.2 device fields).
  // The model id a device announces in its username becomes the twin's modelId (spec §1.3).
  const stampState = (s: Session) => {
    const identity = store.closed ? undefined : store.registry.get(s.deviceId, s.moduleId);
    if (!identity) return;
    const now = hubTime();
    store.registry.save({
      record: { ...identity.record, connectionStateUpdatedTime: now, lastActivityTime: now },
      twin: s.auth.modelId ? { ...identity.twin, modelId: s.auth.modelId } : identity.twin,
    });
  };
  sessions.events.on('online', stampState);
  sessions.events.on('offline', stampState);
  // Disabling or deleting an identity disconnects it (spec §1.6).
  ctx.bus.on('revoked', ({ deviceId, moduleId, deleted }) => {
    for (const s of sessions.all()) {
      if (s.deviceId !== deviceId || (moduleId !== undefined && s.moduleId !== moduleId)) continue;
      sessions.close(
        s,
        deleted ? 'identity-deleted' : 'identity-disabled',
        deleted ? 'The identity was deleted' : 'The identity was disabled',
      );
    }
  });

  const ownerKey = () => store.registry.getPolicy('iothubowner')?.primaryKey ?? '';
  const ownerConnectionString = buildServiceConnectionString({
    hostName,
    sharedAccessKeyName: 'iothubowner',
    sharedAccessKey: ownerKey(),
  });
  const connectionString = (deviceId: string, moduleId?: string) => {
    const identity = store.registry.get(deviceId, moduleId);
    if (!identity)
      throw new Error(
        `No identity '${moduleId ? `${deviceId}/${moduleId}` : deviceId}' is registered`,
      );
    return buildDeviceConnectionString({
      hostName,
      deviceId,
      ...(moduleId ? { moduleId } : {}),
      sharedAccessKey: identity.record.primaryKey,
    });
  };

  const ports: Hub['ports'] = { http: 0 };
  const api = createApi({
    ctx,
    sessions,
    methods,
    c2d,
    ownerConnectionString: () => ownerConnectionString,
    policyConnectionStrings: () =>
      Object.fromEntries(
        Object.keys(BUILT_IN_POLICIES).map((name) => [
          name,
          buildServiceConnectionString({
            hostName,
            sharedAccessKeyName: name,
            sharedAccessKey: store.registry.getPolicy(name)?.primaryKey ?? '',
          }),
        ]),
      ),
    connectionString,
    ports: () => ({ ...ports }),
  });
  // The built-in endpoint's connection string (Microsoft Learn, "Read device-to-cloud messages
  // from the built-in endpoint": Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;
  // EntityPath=…). On plain AMQP, @azure/event-hubs needs UseDevelopmentEmulator=true (its
  // connection-string switch for local emulators: TCP instead of TLS).
  const eventHubString = (p: Hub['ports']): string | undefined => {
    const key = store.registry.getPolicy('service')?.primaryKey ?? ownerKey();
    const keyName = store.registry.getPolicy('service') ? 'service' : 'iothubowner';
    const common = `SharedAccessKeyName=${keyName};SharedAccessKey=${key};EntityPath=${eventHubInfo.name}`;
    if (p.amqp !== undefined)
      return `Endpoint=sb://${hostName}:${p.amqp}/;${common};UseDevelopmentEmulator=true`;
    if (p.amqps !== undefined) return `Endpoint=sb://${hostName}:${p.amqps}/;${common}`;
    return undefined;
  };
  const serveStatic = createStaticHandler(options.staticDir);
  const servers: NetServer[] = [];
  const skipped: Hub['skipped'] = [];
  const start = async (server: NetServer, listener: Listener, port: number) => {
    servers.push(server);
    try {
      return await listen(server, listener, port, bind);
    } catch (e) {
      if (!(e instanceof PortUnavailableError) || !options.optionalListeners?.includes(listener))
        throw e;
      skipped.push({ listener, port });
      return undefined;
    }
  };
  let caPath: string | undefined;
  let tempDir: string | undefined;
  let ready = false;
  const isReady = () => ready;
  try {
    const http = await start(
      createWebServer({ broker, sessions, api, serveStatic, isReady, amqp }),
      'http',
      options.port ?? 8080,
    );
    if (http === undefined) throw new Error('the HTTP listener is not optional');
    ports.http = http;
    const mqttPort = options.mqttPort === 'ephemeral' ? 0 : (options.mqttPort ?? 1883);
    if (mqttPort !== 0 || options.mqttPort === 'ephemeral') {
      const tcp = createNetServer((socket) =>
        acceptConnection(broker, sessions, socket, {
          transport: 'mqtt',
          remoteAddress: socket.remoteAddress,
        }),
      );
      const mqtt = await start(tcp, 'mqtt', mqttPort);
      if (mqtt !== undefined) ports.mqtt = mqtt;
    }
    const amqpPort = options.amqpPort === 'ephemeral' ? 0 : (options.amqpPort ?? 0);
    if (amqpPort !== 0 || options.amqpPort === 'ephemeral') {
      const tcp = createNetServer((socket) => amqp.accept(socket));
      const port = await start(tcp, 'amqp', amqpPort);
      if (port !== undefined) ports.amqp = port;
    }
    if (options.tls) {
      const material = await loadTls({
        dataDir,
        hostName,
        ...(options.cert ? { cert: options.cert } : {}),
        ...(options.key ? { key: options.key } : {}),
      });
      caPath = material.caPath;
      tempDir = material.tempDir;
      const mqtts = createTlsServer({ cert: material.cert, key: material.key }, (socket) =>
        acceptConnection(broker, sessions, socket, {
          transport: 'mqtts',
          remoteAddress: socket.remoteAddress,
        }),
      );
      const secure = await start(mqtts, 'mqtts', options.mqttsPort ?? 8883);
      if (secure !== undefined) ports.mqtts = secure;
      if (options.amqpsPort !== undefined && options.amqpsPort !== 0) {
        const amqps = createTlsServer({ cert: material.cert, key: material.key }, (socket) =>
          amqp.accept(socket),
        );
        const port = options.amqpsPort === 'ephemeral' ? 0 : options.amqpsPort;
        const amqpsPort = await start(amqps, 'amqps', port);
        if (amqpsPort !== undefined) ports.amqps = amqpsPort;
      }
      const https = await start(
        createWebServer({ tls: material, broker, sessions, api, serveStatic, isReady, amqp }),
        'https',
        options.httpsPort ?? 8443,
      );
      if (https !== undefined) ports.https = https;
    }
  } catch (e) {
    await shutdown();
    throw e;
  }

  ready = true;
  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    ready = false;
    for (const s of sessions.all()) s.closeReason ??= 'hub-shutdown';
    const closed = servers.map(
      (server) =>
        new Promise<void>((resolve) =>
          server.listening ? server.close(() => resolve()) : resolve(),
        ),
    );
    for (const server of servers)
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    amqp.close();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await Promise.all(closed);
    telemetry.close(); // commits Wills published while the clients closed
    twin.close();
    methods.close();
    c2d.close();
    feedback.close();
    store.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }

  return {
    ports,
    hostName,
    ownerConnectionString,
    eventHub: {
      name: eventHubInfo.name,
      partitions,
      ...(eventHubString(ports) ? { connectionString: eventHubString(ports) } : {}),
    },
    connectionString,
    ...(caPath !== undefined ? { caPath } : {}),
    skipped,
    close: () => (closing ??= shutdown()),
  };
}

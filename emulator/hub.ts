// createHub(options) → { ports, close() }: the local IoT Hub (issue 3), shaped like aedes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

import {
  buildDeviceConnectionString,
  buildServiceConnectionString,
} from '../src/iothub/connection-string.ts';

import { createAmqpEndpoint } from './amqp/endpoint.ts';
import { DEFAULT_PARTITIONS, MAX_PARTITIONS } from './amqp/partitions.ts';
import { createApi } from './api/server.ts';
import { BUILT_IN_POLICIES } from './auth.ts';
import { createContext } from './context.ts';
import { dpsUsername, serveDpsMqtt } from './dps/mqtt.ts';
import { createDps } from './dps/service.ts';
import { createC2dFeature } from './features/c2d.ts';
import { createFaults } from './features/faults.ts';
import { createFeedbackQueue, createFileNotificationQueue } from './features/feedback.ts';
import { createJobsFeature } from './features/jobs.ts';
import { createMethodsFeature } from './features/methods.ts';
import { createTelemetryLog } from './features/telemetry.ts';
import { createTwinFeature } from './features/twin.ts';
import { createFileUpload } from './files/upload.ts';
import { createHttpGuard } from './http-guard.ts';
import { startListeners, type ListenerPorts, type Listeners } from './listeners.ts';
import { createBroker } from './mqtt/broker.ts';
import type { Listener } from './ports.ts';
import { trackPresence } from './presence.ts';
import { createSessions } from './sessions.ts';
import { ensureFirstDevice, ensurePolicies } from './setup.ts';
import { createStaticHandler } from './static-files.ts';
import { openStore } from './store/index.ts';
import { systemClock, type Clock } from './time.ts';
import { addCaCertificate } from './x509/routes.ts';

export type HubOptions = ListenerPorts & {
  /** Address every listener binds. Default 127.0.0.1. */
  bind?: string;
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
  /** Partitions of the built-in Event Hubs-compatible endpoint (default 4, at most 32). */
  partitions?: number;
  /** ms a C2D feedback batch stays open for more records (default 1000). */
  feedbackBatchMs?: number;
  /** Extra `Host` names the web ports answer ('.example.com' covers subdomains; issue 12). */
  allowHosts?: string[];
  /** Extra page origins allowed to call the REST API and open WebSockets (issue 12). */
  allowOrigins?: string[];
  /** The hub's clock for fault timers and jobs (default real time; tests inject a manual one). */
  clock?: Clock;
  log?: (line: string) => void;
  /** Verified CA certificates to add at start (name → PEM), e.g. from `--ca-cert` (x509/). */
  caCertificates?: Record<string, string>;
  /** The ID scope of the emulator's DPS (default: generated once, kept in the data dir). */
  idScope?: string;
  /** Routes served before the hub's own on the HTTP(S) port (the service gateway, main.ts). */
  mount?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** File upload to Azurite, started on first use (docs/emulator.md "File upload"); false: off. */
  fileUpload?: { container?: string; port?: number } | false;
};

export type Hub = {
  ports: Listeners['ports'];
  hostName: string;
  ownerConnectionString: string;
  /** The built-in endpoint: its Event Hubs name and the connection string to read it with. */
  eventHub: { name: string; partitions: number; connectionString?: string };
  /** The emulator's Device Provisioning Service: served on the hub's host and ports. */
  dps: { idScope: string };
  connectionString(deviceId: string, moduleId?: string): string;
  caPath?: string;
  /** Optional listeners not started because their port was taken. */
  skipped: { listener: Listener; port: number }[];
  close(): Promise<void>;
};

export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const bind = options.bind ?? '127.0.0.1';
  const mount = options.mount;
  const hostName = options.hostName ?? 'localhost';
  const dataDir = options.inMemory ? undefined : (options.dataDir ?? '.iothub-emulator');
  const store = openStore(dataDir);
  const ctx = createContext(store, hostName, options.log ?? (() => {}));
  try {
    ensurePolicies(ctx, options.ownerKey);
    ensureFirstDevice(ctx);
    for (const [name, pem] of Object.entries(options.caCertificates ?? {}))
      addCaCertificate(ctx, name, pem);
  } catch (e) {
    store.close(); // releases the data directory's lock
    throw e;
  }

  const sessions = createSessions(ctx);
  const twin = createTwinFeature(ctx, sessions);
  const methods = createMethodsFeature(sessions);
  const jobs = createJobsFeature(ctx, sessions, methods, options.clock ?? systemClock);
  const c2d = createC2dFeature(ctx, sessions, options.c2dLockTimeoutMs ?? 60_000);
  const telemetry = createTelemetryLog(
    ctx,
    options.telemetryRetention ?? { maxCount: 10_000, maxAgeSeconds: 24 * 3600 },
  );
  const faults = createFaults(ctx, sessions, options.clock ?? systemClock);
  // Devices' telemetry goes through fault injection (features/faults.ts); readers see the log.
  const deviceTelemetry = faults.wrapTelemetry(telemetry);
  const inbound = { twin, methods, c2d, telemetry: deviceTelemetry };
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS)
    throw new Error(`partitions must be 1 to ${MAX_PARTITIONS}, got ${partitions}`);
  const feedback = createFeedbackQueue(ctx, options.feedbackBatchMs ?? 1000);
  const fileNotifications = createFileNotificationQueue(ctx);
  /** Known once the listeners run: where the hub's TLS files are. */
  const tlsState: { caPath?: string } = {};
  const files =
    options.fileUpload === false
      ? undefined
      : createFileUpload(ctx, {
          container: options.fileUpload?.container ?? 'fileupload',
          blobStore: () => ({
            bind,
            port: (options.fileUpload || undefined)?.port ?? 0,
            dataDir,
            ...tlsFiles(options, tlsState.caPath),
          }),
        });
  // The Event Hubs-compatible name is the hub name: the first label of its host name.
  const eventHubInfo = {
    name: hostName.split('.')[0] ?? hostName,
    partitionCount: partitions,
    createdMs: Date.now(),
  };
  const amqp = createAmqpEndpoint({
    ctx,
    c2d,
    feedback,
    fileNotifications,
    eventHub: eventHubInfo,
    sessions,
    inbound,
    redirectTarget: () => (ports.amqps !== undefined ? { hostName, port: ports.amqps } : undefined),
  });
  const mqtt = await createBroker(
    ctx,
    sessions,
    inbound,
    { drainTimeout: options.drainTimeoutMs ?? 10_000, concurrency: 1000 },
    faults,
  );
  const stopPresence = trackPresence(ctx, sessions);
  // DPS shares the hub's ports: the provisioning SDKs dial the provisioning host as the device
  // SDKs dial the hub (dps/mqtt.ts).
  const dps = createDps(ctx, options.idScope);
  mqtt.divert = {
    claims: (connect) => dpsUsername(connect.username, dps.idScope) !== undefined,
    accept: (stream, certificates) => serveDpsMqtt(dps, stream, certificates, ctx.log),
  };

  const policyConnectionString = (name: string) =>
    buildServiceConnectionString({
      hostName,
      sharedAccessKeyName: name,
      sharedAccessKey: store.registry.getPolicy(name)?.primaryKey ?? '',
    });
  const ownerConnectionString = policyConnectionString('iothubowner');
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

  // The built-in endpoint's connection string (Microsoft Learn, "Read device-to-cloud messages
  // from the built-in endpoint": Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;
  // EntityPath=…). On plain AMQP, @azure/event-hubs needs UseDevelopmentEmulator=true (its
  // connection-string switch for local emulators: TCP instead of TLS).
  const eventHubString = (p: Hub['ports']): string | undefined => {
    const policy = store.registry.getPolicy('service') ? 'service' : 'iothubowner';
    const key = store.registry.getPolicy(policy)?.primaryKey ?? '';
    const common = `SharedAccessKeyName=${policy};SharedAccessKey=${key};EntityPath=${eventHubInfo.name}`;
    if (p.amqp !== undefined)
      return `Endpoint=sb://${hostName}:${p.amqp}/;${common};UseDevelopmentEmulator=true`;
    if (p.amqps !== undefined) return `Endpoint=sb://${hostName}:${p.amqps}/;${common}`;
    return undefined;
  };
  const ports: Hub['ports'] = { http: 0 };
  const api = createApi({
    ctx,
    sessions,
    methods,
    c2d,
    telemetry: deviceTelemetry,
    faults,
    jobs,
    files,
    ownerConnectionString: () => ownerConnectionString,
    policyConnectionStrings: () =>
      Object.fromEntries(
        Object.keys(BUILT_IN_POLICIES).map((name) => [name, policyConnectionString(name)]),
      ),
    connectionString,
    ports: () => ({ ...ports }),
    eventHubConnectionString: () => eventHubString(ports),
    dps,
  });
  let ready = false;
  let listeners: Listeners | undefined;
  try {
    listeners = await startListeners(
      { ...options, bind, hostName, dataDir },
      {
        mqtt,
        api: mount ? async (req, res) => (await mount(req, res)) || api(req, res) : api,
        serveStatic: createStaticHandler(options.staticDir),
        isReady: () => ready,
        amqp,
        guard: createHttpGuard({
          hostName,
          bind,
          ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
          ...(options.allowOrigins ? { allowOrigins: options.allowOrigins } : {}),
          ports: () => ports,
          log: ctx.log,
        }),
      },
      ports,
    );
  } catch (e) {
    await shutdown();
    throw e;
  }

  if (listeners.caPath !== undefined) tlsState.caPath = listeners.caPath;
  ready = true;
  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    ready = false;
    for (const s of sessions.all()) s.closeReason ??= 'hub-shutdown';
    // Stop accepting first, then close the MQTT clients the servers are waiting for.
    const closed = listeners?.close();
    amqp.close();
    await new Promise<void>((resolve) => mqtt.aedes.close(() => resolve()));
    await closed;
    stopPresence();
    faults.close();
    telemetry.close(); // commits Wills published while the clients closed
    twin.close();
    jobs.close();
    methods.close();
    c2d.close();
    feedback.close();
    fileNotifications.close();
    await files?.close();
    store.close();
    listeners?.cleanUp();
  }

  return {
    ports,
    hostName,
    ownerConnectionString,
    connectionString,
    eventHub: {
      name: eventHubInfo.name,
      partitions,
      ...(eventHubString(ports) ? { connectionString: eventHubString(ports) } : {}),
    },
    dps: { idScope: dps.idScope },
    ...(listeners.caPath !== undefined ? { caPath: listeners.caPath } : {}),
    skipped: listeners.skipped,
    close: () => (closing ??= shutdown()),
  };
}

/** The hub's server certificate files, for Azurite's HTTPS (the device SDK uploads to https://). */
function tlsFiles(
  options: HubOptions,
  caPath: string | undefined,
): { tls?: { certPath: string; keyPath: string } } {
  if (options.cert && options.key) return { tls: { certPath: options.cert, keyPath: options.key } };
  if (!options.tls || caPath === undefined) return {};
  return {
    tls: {
      certPath: join(dirname(caPath), 'server.pem'),
      keyPath: join(dirname(caPath), 'server.key'),
    },
  };
}

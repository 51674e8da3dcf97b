// `npm run emulator -- [flags]`: parse flags and environment, start the hub, print how to use it.
// Everything else lives in hub.ts.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { createHub, type HubOptions } from './hub.ts';
import { optionalListeners, portHelp, PortUnavailableError, skippedWarning } from './ports.ts';

const USAGE = `Usage: npm run emulator -- [flags]

  --port N              HTTP port: console, REST, /health, MQTT over WebSockets (env PORT, default 8080)
  --bind ADDRESS        address to listen on (default 127.0.0.1)
  --mqtt-port N         plain MQTT over TCP (default 1883, 0 = off)
  --amqp-port N         plain AMQP over TCP: the Event Hubs-compatible endpoint and AMQP links
                        (default 5672, 0 = off)
  --tls                 add MQTT over TLS, AMQP over TLS and HTTPS/WSS (MQTT and AMQP over WSS)
  --mqtts-port N        MQTT over TLS port (default 8883)
  --amqps-port N        AMQP over TLS port (default 5671)
  --partitions N        partitions of the Event Hubs-compatible endpoint (default 4)
  --https-port N        HTTPS + WSS port (default 8443)
  --cert FILE --key FILE  server certificate and key (PEM); generated into <data-dir>/tls otherwise
  --host-name NAME      hub host name in connection strings and SAS tokens (default localhost)
  --data-dir DIR        where the database and tls/ live (default .iothub-emulator)
  --in-memory           keep nothing on disk
  --owner-key BASE64    primary key of iothubowner (env IOTHUB_EMULATOR_OWNER_KEY)
  --static-dir DIR      built console to serve at / (default dist)
  --telemetry-max-count N   events kept in the telemetry log (default 10000)
  --telemetry-max-age S     seconds an event is kept (default 86400)
  --no-file-upload      no file upload (Azurite is otherwise started on the first upload)
  --file-upload-container NAME  Blob container for device uploads (default fileupload)
  --file-upload-port N  Azurite Blob port (default: a free one)
  --help
`;

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535 * 1e4)
    throw new Error(`--${name} must be a whole number, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      port: { type: 'string' },
      bind: { type: 'string' },
      'mqtt-port': { type: 'string' },
      'amqp-port': { type: 'string' },
      'amqps-port': { type: 'string' },
      partitions: { type: 'string' },
      tls: { type: 'boolean' },
      'mqtts-port': { type: 'string' },
      'https-port': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'host-name': { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'owner-key': { type: 'string' },
      'static-dir': { type: 'string' },
      'telemetry-max-count': { type: 'string' },
      'telemetry-max-age': { type: 'string' },
      'no-file-upload': { type: 'boolean' },
      'file-upload-container': { type: 'string' },
      'file-upload-port': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (v.help) {
    process.stdout.write(USAGE);
    return;
  }
  const bind = v.bind ?? '127.0.0.1';
  const ownerKey = v['owner-key'] ?? process.env.IOTHUB_EMULATOR_OWNER_KEY;
  const staticDir = resolve(v['static-dir'] ?? 'dist');
  const options: HubOptions = {
    port: int('port', v.port ?? process.env.PORT, 8080),
    bind,
    mqttPort: int('mqtt-port', v['mqtt-port'], 1883),
    tls: v.tls ?? false,
    mqttsPort: int('mqtts-port', v['mqtts-port'], 8883),
    amqpPort: int('amqp-port', v['amqp-port'], 5672),
    amqpsPort: int('amqps-port', v['amqps-port'], 5671),
    partitions: int('partitions', v.partitions, 4),
    httpsPort: int('https-port', v['https-port'], 8443),
    hostName: v['host-name'] ?? 'localhost',
    dataDir: resolve(v['data-dir'] ?? '.iothub-emulator'),
    inMemory: v['in-memory'] ?? false,
    staticDir,
    fileUpload: v['no-file-upload']
      ? false
      : {
          container: v['file-upload-container'] ?? 'fileupload',
          port: int('file-upload-port', v['file-upload-port'], 0),
        },
    telemetryRetention: {
      maxCount: int('telemetry-max-count', v['telemetry-max-count'], 10_000),
      maxAgeSeconds: int('telemetry-max-age', v['telemetry-max-age'], 86_400),
    },
    // A busy default port (say, a local mosquitto on 1883) is skipped with a warning (ports.ts).
    optionalListeners: optionalListeners({
      mqttPort: v['mqtt-port'] !== undefined,
      mqttsPort: v['mqtts-port'] !== undefined,
      httpsPort: v['https-port'] !== undefined,
      amqpPort: v['amqp-port'] !== undefined,
      amqpsPort: v['amqps-port'] !== undefined,
    }),
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
    ...(v.cert ? { cert: v.cert } : {}),
    ...(v.key ? { key: v.key } : {}),
    ...(ownerKey ? { ownerKey } : {}),
  };
  if (bind !== '127.0.0.1' && bind !== 'localhost' && bind !== '::1') {
    process.stdout.write(
      `WARNING: binding ${bind}: other machines can reach this emulator. Its keys are test keys; do not expose it to networks you do not trust.\n`,
    );
  }
  const hub = await createHub(options);
  for (const s of hub.skipped) process.stdout.write(`${skippedWarning(s)}\n`);
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(bind) ? 'localhost' : bind;
  const lines = [
    `IoT Hub emulator ready (${options.inMemory ? 'in memory' : `data in ${options.dataDir}`})`,
    `  Console:        http://${host}:${hub.ports.http}/${existsSync(resolve(staticDir, 'index.html')) ? '' : '  (not built: run npm run build)'}`,
    `  MQTT over WS:   ws://${host}:${hub.ports.http}/$iothub/websocket`,
    hub.ports.mqtt !== undefined
      ? `  MQTT (TCP):     mqtt://${host}:${hub.ports.mqtt}`
      : `  MQTT (TCP):     off${hub.skipped.some((s) => s.listener === 'mqtt') ? ` (port ${options.mqttPort} in use)` : ''}`,
    ...(hub.ports.mqtts !== undefined
      ? [`  MQTT over TLS:  mqtts://${host}:${hub.ports.mqtts}`]
      : []),
    ...(hub.ports.https !== undefined
      ? [
          `  HTTPS + WSS:    https://${host}:${hub.ports.https}/ (REST, wss://.../$iothub/websocket)`,
        ]
      : []),
    hub.ports.amqp !== undefined
      ? `  AMQP (TCP):     amqp://${host}:${hub.ports.amqp}`
      : `  AMQP (TCP):     off`,
    ...(hub.ports.amqps !== undefined
      ? [`  AMQP over TLS:  amqps://${host}:${hub.ports.amqps}`]
      : []),
    ...(hub.ports.https !== undefined
      ? [`  AMQP over WSS:  wss://${host}:${hub.ports.https}/$iothub/websocket (AMQPWSB10)`]
      : []),
    ...(hub.eventHub.connectionString
      ? [
          `  Event Hubs-compatible endpoint (${hub.eventHub.partitions} partitions, @azure/event-hubs):`,
          `    ${hub.eventHub.connectionString}`,
        ]
      : []),
    `  Service (iothubowner) connection string:`,
    `    ${hub.ownerConnectionString}`,
  ];
  try {
    lines.push('  device-1 connection string:', `    ${hub.connectionString('device-1')}`);
  } catch {
    lines.push('  device-1 was deleted; create devices with PUT /devices/{id}');
  }
  if (hub.caPath) {
    lines.push(
      `  CA certificate: ${hub.caPath}`,
      `    trust it in Node with: NODE_EXTRA_CA_CERTS=${hub.caPath}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing the emulator\n`);
    hub.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while closing: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof PortUnavailableError) {
    process.stderr.write(`${portHelp(e)}\n`);
    process.exit(1);
  }
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(1);
});

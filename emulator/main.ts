// `npm run emulator -- [flags]`: parse flags and environment, start the hub, print how to use it.
// Everything else lives in hub.ts.

import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { servedNames } from '../gateway/served-names.ts';
import { createGateway } from '../gateway/server.ts';

import { normalizeOrigin } from './api/request-guard.ts';
import { createHub, type Hub, type HubOptions } from './hub.ts';
import { optionalListeners, portHelp, PortUnavailableError, skippedWarning } from './ports.ts';
import { DataDirLockedError } from './store/data-dir-lock.ts';
import { runCertCommand } from './x509/cli.ts';

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
  --allow-host NAME     another Host name the web ports answer (repeatable; '.example.com' covers
                        its subdomains). localhost, IP addresses and --host-name always are
  --allow-origin ORIGIN a web page origin allowed to call the REST API and open WebSockets
                        (repeatable, e.g. http://localhost:3000); the emulator's own console is
  --data-dir DIR        where the database and tls/ live (default .iothub-emulator)
  --in-memory           keep nothing on disk
  --owner-key BASE64    primary key of iothubowner (env IOTHUB_EMULATOR_OWNER_KEY)
  --static-dir DIR      built console to serve at / (default dist)
  --telemetry-max-count N   events kept in the telemetry log (default 10000)
  --telemetry-max-age S     seconds an event is kept (default 86400)
  --id-scope SCOPE      ID scope of the Device Provisioning Service (default: generated once)
  --ca-cert FILE        a verified CA certificate (PEM) for X.509 devices; repeatable
  cert ca|device ...    issue test certificates instead of starting (npm run emulator -- cert)
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

/** --allow-origin values must be whole http(s) origins: '*' would undo the protection. */
function allowedOrigins(values: string[]): string[] {
  return values.map((value) => {
    const origin = normalizeOrigin(value);
    if (origin === undefined || value === '*')
      throw new Error(
        `--allow-origin must be an origin like http://localhost:3000, got '${value}'`,
      );
    return origin;
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === 'cert') {
    process.stdout.write(await runCertCommand(process.argv.slice(3)));
    return;
  }
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
      'allow-host': { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'owner-key': { type: 'string' },
      'static-dir': { type: 'string' },
      'telemetry-max-count': { type: 'string' },
      'telemetry-max-age': { type: 'string' },
      'ca-cert': { type: 'string', multiple: true },
      'id-scope': { type: 'string' },
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
    ...(v['ca-cert']
      ? {
          caCertificates: Object.fromEntries(
            v['ca-cert'].map((f) => [
              basename(f).replace(/\.[^.]*$/, ''),
              readFileSync(resolve(f), 'utf8'),
            ]),
          ),
        }
      : {}),
    ...(v['id-scope'] ? { idScope: v['id-scope'] } : {}),
    ...(v.cert ? { cert: v.cert } : {}),
    ...(v.key ? { key: v.key } : {}),
    ...(ownerKey ? { ownerKey } : {}),
    ...(v['allow-host'] ? { allowHosts: v['allow-host'] } : {}),
    ...(v['allow-origin'] ? { allowOrigins: allowedOrigins(v['allow-origin']) } : {}),
  };
  if (bind !== '127.0.0.1' && bind !== 'localhost' && bind !== '::1') {
    process.stdout.write(
      `WARNING: binding ${bind}: other machines can reach this emulator. Its keys are test keys; do not expose it to networks you do not trust.\n`,
    );
  }
  // The service gateway for a real hub (docs/gateway.md) answers under /gateway/ on the same
  // port, to this console's own origin only; the emulator's host is allowed as a target when it
  // serves TLS (trust its CA with NODE_EXTRA_CA_CERTS).
  const started: { hub?: Hub } = {};
  const names = () =>
    servedNames(['localhost', '127.0.0.1', '[::1]', options.hostName ?? 'localhost'], {
      http: started.hub?.ports.http,
      ...(started.hub?.ports.https !== undefined ? { https: started.hub.ports.https } : {}),
    });
  const gateway = createGateway({
    consoleOrigins: () => names().origins,
    servedHosts: () => names().hosts,
    extraHubHosts: options.tls ? [options.hostName ?? 'localhost'] : [],
  });
  const hub = await createHub({ ...options, mount: gateway.handle });
  started.hub = hub;
  // Before the ready lines: whoever waits for them may signal at once (npm start's test does).
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing the emulator\n`);
    Promise.all([gateway.close(), hub.close()]).then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while closing: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const s of hub.skipped) process.stdout.write(`${skippedWarning(s)}\n`);
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(bind) ? 'localhost' : bind;
  const lines = [
    `IoT Hub emulator ready (${options.inMemory ? 'in memory' : `data in ${options.dataDir}`})`,
    `  Console:        http://${host}:${hub.ports.http}/${existsSync(resolve(staticDir, 'index.html')) ? '' : '  (not built: run npm run build)'}`,
    `  Service gateway for a real IoT hub: http://${host}:${hub.ports.http}/gateway/ (docs/gateway.md)`,
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
    `  Device Provisioning Service: ID scope ${hub.dps.idScope}, provisioning host ${host}`,
    `    (registration over the MQTT ports and ${hub.ports.https !== undefined ? 'HTTPS' : 'HTTP'}; enrollments: the service connection string below)`,
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
}

main().catch((e: unknown) => {
  if (e instanceof PortUnavailableError) {
    process.stderr.write(`${portHelp(e)}\n`);
    process.exit(1);
  }
  if (e instanceof DataDirLockedError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(1);
});

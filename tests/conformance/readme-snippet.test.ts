// The README's "point the official Node device SDK at the emulator" snippet is
// docs/snippets/device-sdk.ts; this runs that very file the way the README says (`tsx`, the
// device connection string the hub prints, its generated CA) and checks the message arrived.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, expect, test } from 'vitest';

import { type Hub, HubRest, removeDir, startHub, tempDataDir } from './helpers.ts';
import { withMqttsGateway } from './sdk.ts';

const snippet = fileURLToPath(new URL('../../docs/snippets/device-sdk.ts', import.meta.url));
let hub: Hub;
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  // Port 8883, the snippet's default, belongs to sdk-default-ports.test.ts (one binder per
  // machine, files run in parallel), which proves the SDK on 8883 with the same setOptions({ ca }).
  // Here the MQTTS port is ephemeral and reached through GatewayHostName=localhost:<port>.
  hub = await startHub({ tls: true, dataDir, mqttsPort: 0, httpsPort: 0 });
});

afterAll(async () => {
  await hub?.close();
  await removeDir(dataDir);
});

test('the README snippet connects a device and sends a message', async () => {
  const rest = new HubRest(hub);
  const { deviceId, connectionString } = await rest.createDevice(hub, 'readme');
  expect(connectionString).toMatch(/^HostName=localhost;DeviceId=[^;]+;SharedAccessKey=[^;]+$/);
  const args = [
    '--import',
    'tsx',
    snippet,
    withMqttsGateway(hub, connectionString),
    hub.caPath ?? '',
  ];
  await promisify(execFile)(process.execPath, args, { timeout: 30_000 });
  const events = await rest.events(deviceId);
  expect(events.map((event) => event.body)).toEqual(['{"hello":"emulator"}']);
}, 40_000);

test('the README quotes the snippet file verbatim', async () => {
  const source = await readFile(snippet, 'utf8');
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const quoted = source.slice(
    source.indexOf('import { readFileSync }'),
    source.indexOf('if (import.meta'),
  );
  expect(quoted.length).toBeGreaterThan(200);
  expect(readme).toContain(quoted.trimEnd());
});

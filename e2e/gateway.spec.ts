// The hub panel against a hub reached as if it were a real one (docs/gateway.md): the console is
// served by an emulator with TLS on the fixed ports 443 and 5671 (run under
// `flock /tmp/iothub-fixed-ports.lock`), a standalone service gateway trusts its CA and reaches it
// at https://localhost and amqps://localhost:5671, and the page finds the gateway by `?gateway=`.
// The user pastes the service connection string; C2D goes over AMQP to the page's own device and
// its telemetry comes back from the built-in Event Hubs-compatible endpoint.
import { join } from 'node:path';

import type { GatewayProcess } from '../gateway/test/gateway-process.ts';
import { startGatewayProcess } from '../gateway/test/gateway-process.ts';

import { EmulatorProcess } from './emulator-process.ts';
import { connectAs, expect, fillEditor, freshDeviceId, pane, test } from './fixtures.ts';
import { HubClient } from './hub-client.ts';

let emulator: EmulatorProcess;
let gateway: GatewayProcess;
let remote: HubClient;

test.beforeAll(async () => {
  emulator = await EmulatorProcess.create([
    '--tls',
    '--https-port',
    '443',
    '--amqps-port',
    '5671',
    '--mqtts-port',
    '0',
  ]);
  await emulator.start();
  gateway = await startGatewayProcess(
    join(emulator.dataDir, 'tls', 'ca.pem'),
    'localhost',
    emulator.baseUrl,
  );
  remote = await HubClient.connect(emulator.baseUrl);
});

test.afterAll(async () => {
  await gateway?.stop();
  await emulator?.dispose();
});

test('a pasted service connection string: C2D over the gateway reaches the page’s device, its telemetry comes back from the endpoint', async ({
  page,
}, testInfo) => {
  const deviceId = freshDeviceId(testInfo.workerIndex);
  const connectionString = await remote.createDevice(deviceId);
  await connectAs(
    page,
    connectionString,
    `${emulator.baseUrl}/?gateway=${encodeURIComponent(`http://localhost:${gateway.port}`)}`,
  );
  const hubPanel = pane(page, 'Hub (cloud side)');
  await expect(hubPanel.getByLabel('Hub acted on')).toContainText('The emulator serving this page');

  await hubPanel.getByRole('button', { name: 'Use a real IoT hub' }).click();
  const form = hubPanel.getByRole('form', { name: 'Real IoT hub' });
  await form.getByLabel('Service connection string').fill(remote.serviceConnectionString);
  await expect(form.getByLabel('Consumer group')).toHaveValue('$Default');
  await form.getByRole('button', { name: 'Act on this hub' }).click();
  await expect(hubPanel.getByLabel('Hub acted on')).toContainText(
    'IoT hub localhost through the service gateway',
  );
  // The key is not in the page's storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  expect(stored).not.toContain(remote.sharedAccessKey);

  await hubPanel.getByLabel('C2D body').fill('{"via":"gateway"}');
  await hubPanel.getByRole('button', { name: 'Send C2D message' }).click();
  await expect(hubPanel.getByLabel('C2D send result')).toContainText(/HTTP 204 in \d+ ms/);
  const c2d = pane(page, 'C2D messages')
    .getByRole('list', { name: 'Received C2D messages' })
    .getByRole('listitem');
  await expect(c2d).toHaveCount(1);
  await expect(c2d).toContainText('{"via":"gateway"}');

  // "From now": the endpoint's readers attach a moment after the panel starts reading, so the
  // user sends until the hub's list shows one (each send is acknowledged by the hub first).
  const telemetry = pane(page, 'Telemetry');
  await fillEditor(telemetry, 'Telemetry body', '{"temperature": 21}');
  const received = hubPanel
    .getByRole('list', { name: 'Telemetry received by the hub' })
    .getByRole('listitem');
  await expect(async () => {
    await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
    await expect(received.first()).toContainText('{"temperature": 21}', { timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  await expect(received.first()).toContainText(`iothub-connection-device-id=${deviceId}`);
});

test('a wrong key is shown as IoT Hub’s 401', async ({ page }, testInfo) => {
  const deviceId = freshDeviceId(testInfo.workerIndex);
  await connectAs(
    page,
    await remote.createDevice(deviceId),
    `${emulator.baseUrl}/?gateway=${encodeURIComponent(`http://localhost:${gateway.port}`)}`,
  );
  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByRole('button', { name: 'Use a real IoT hub' }).click();
  const wrong = remote.serviceConnectionString.replace(
    /SharedAccessKey=[^;]+/,
    `SharedAccessKey=${btoa('not the key, 32 bytes of text!!!')}`,
  );
  await hubPanel.getByLabel('Service connection string').fill(wrong);
  await hubPanel.getByRole('button', { name: 'Act on this hub' }).click();
  await hubPanel.getByLabel('C2D body').fill('{"x":1}');
  await hubPanel.getByRole('button', { name: 'Send C2D message' }).click();
  const result = hubPanel.getByLabel('C2D send result');
  await expect(result).toContainText('HTTP 401');
  await expect(result).toContainText('IotHubUnauthorizedAccess');
});

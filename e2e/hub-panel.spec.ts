// The hub panel drives the cloud side from the page: each action, checked on the device side in
// the UI and on the hub side through REST.
import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

test('Send C2D message reaches the device with its id and properties', async ({ page, device }) => {
  await connectAs(page, device.connectionString);
  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByLabel('C2D body').fill('{"command":"blink","times":3}');
  await hubPanel.getByLabel('C2D message ID').fill('from-panel-1');
  await hubPanel.getByLabel('C2D expiry (minutes)').fill('10');
  await hubPanel.getByRole('button', { name: 'Add c2d property' }).click();
  await hubPanel.getByLabel('C2D property 1 name').fill('origin');
  await hubPanel.getByLabel('C2D property 1 value').fill('hub panel');
  await hubPanel.getByRole('button', { name: 'Send C2D message' }).click();
  await expect(hubPanel.getByLabel('C2D send result')).toContainText(/HTTP 204 in \d+ ms/);

  const row = pane(page, 'C2D messages')
    .getByRole('list', { name: 'Received C2D messages' })
    .getByRole('listitem');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('message id from-panel-1');
  await expect(row).toContainText(/expires \d{4}-\d\d-\d\dT/);
  await expect(row).toContainText('origin=hub panel');
  await expect(row).toContainText('{"command":"blink","times":3}');
  await row.getByRole('button', { name: 'Expand' }).click();
  await expect(row).toContainText('"times": 3');
});

test('Invoke method shows the status, payload and latency the device answered', async ({
  page,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const methods = pane(page, 'Direct methods');
  await methods.getByRole('button', { name: 'Add rule' }).click();
  await methods.getByLabel('Rule 1 method').fill('getState');
  await methods.getByLabel('Rule 1 payload').fill('{"state": "idle"}');

  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByLabel('Method name').fill('getState');
  await hubPanel.getByLabel('Method payload').fill('{"verbose": true}');
  await hubPanel.getByLabel('Response timeout (s)').fill('10');
  await hubPanel.getByRole('button', { name: 'Invoke method' }).click();
  const result = hubPanel.getByLabel('Method result');
  await expect(result).toContainText(/HTTP 200 in \d+ ms/);
  await expect(result).toContainText('"status": 200');
  await expect(result).toContainText('"state": "idle"');
  await expect(methods.getByRole('listitem')).toContainText('{"verbose":true}');
});

test('Invoke method on a device that does not answer explains the timeout (504101)', async ({
  page,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByLabel('Method name').fill('neverAnswered');
  await hubPanel.getByLabel('Response timeout (s)').fill('5');
  await hubPanel.getByRole('button', { name: 'Invoke method' }).click();
  await expect(hubPanel.getByText('Waiting for the device…')).toBeVisible();
  const result = hubPanel.getByLabel('Method result');
  await expect(result).toContainText(/HTTP 504 in \d+ ms · 504101/, { timeout: 15_000 });
  await expect(pane(page, 'Direct methods').getByRole('listitem')).toContainText('neverAnswered');
});

test('Update desired properties shows the new version, and the twin pane receives it', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const twin = pane(page, 'Twin');
  await expect(twin.getByText('Desired properties ($version 1)')).toBeVisible();
  const hubPanel = pane(page, 'Hub (cloud side)');
  await fillEditor(hubPanel, 'Desired patch', '{"telemetryInterval": 30, "unit": "F"}');
  await hubPanel.getByRole('button', { name: 'Update desired properties' }).click();
  await expect(hubPanel.getByText('Desired $version is now 2')).toBeVisible();

  await expect(twin.getByRole('list', { name: 'Desired updates' })).toContainText(
    '$version 2 · applied',
  );
  await expect(twin.getByLabel('Desired properties', { exact: true })).toContainText(
    '"telemetryInterval": 30',
  );
  const { properties } = await hub.getTwin(device.deviceId);
  expect(properties.desired).toMatchObject({ telemetryInterval: 30, unit: 'F', $version: 2 });
});

test('Telemetry received by the hub lists what was sent, with the stamped properties', async ({
  page,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await fillEditor(telemetry, 'Telemetry body', '{"pressure": 1013}');
  await telemetry.getByRole('button', { name: 'Add application property' }).click();
  await telemetry.getByLabel('Application property 1 name', { exact: true }).fill('sensor');
  await telemetry.getByLabel('Application property 1 value', { exact: true }).fill('baro-1');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();

  const received = pane(page, 'Hub (cloud side)')
    .getByRole('list', { name: 'Telemetry received by the hub' })
    .getByRole('listitem');
  await expect(received).toHaveCount(1);
  await expect(received).toContainText('{"pressure": 1013}');
  await expect(received).toContainText('sensor=baro-1');
  await expect(received).toContainText(`iothub-connection-device-id=${device.deviceId}`);
  await expect(received).toContainText(/iothub-enqueuedtime=\d{4}-/);
});

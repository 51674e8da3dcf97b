// Connected as a module, the hub panel acts on the module (its own methods and twin), as IoT
// Hub's service API does, never on the device it belongs to.
import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

test('Hub panel invokes methods on and updates desired properties of the connected module', async ({
  page,
  hub,
  device,
}) => {
  const moduleId = 'filter-1';
  const connectionString = await hub.createModule(device.deviceId, moduleId);
  await connectAs(page, connectionString);

  const hubPanel = pane(page, 'Hub (cloud side)');
  await expect(hubPanel.getByLabel('Acting on module')).toHaveText(
    `${device.deviceId}/${moduleId}`,
  );
  // No C2D for modules in IoT Hub: the form is replaced by the reason.
  await expect(hubPanel.getByRole('button', { name: 'Send C2D message' })).toHaveCount(0);
  await expect(hubPanel.getByText(/no cloud-to-device messages for modules/)).toBeVisible();

  const methods = pane(page, 'Direct methods');
  await methods.getByRole('button', { name: 'Add rule' }).click();
  await methods.getByLabel('Rule 1 method').fill('getFilter');
  await methods.getByLabel('Rule 1 payload').fill('{"filter": "lowpass"}');
  await hubPanel.getByLabel('Method name').fill('getFilter');
  await hubPanel.getByLabel('Method payload').fill('{"from": "panel"}');
  await hubPanel.getByLabel('Response timeout (s)').fill('10');
  await hubPanel.getByRole('button', { name: 'Invoke method' }).click();
  const result = hubPanel.getByLabel('Method result');
  await expect(result).toContainText(/HTTP 200 in \d+ ms/);
  await expect(result).toContainText('"status": 200');
  await expect(result).toContainText('"filter": "lowpass"');
  await expect(methods.getByRole('listitem')).toContainText('{"from":"panel"}');

  const twin = pane(page, 'Twin');
  await expect(twin.getByText('Desired properties ($version 1)')).toBeVisible();
  await fillEditor(hubPanel, 'Desired patch', '{"cutoffHz": 50}');
  await hubPanel.getByRole('button', { name: 'Update desired properties' }).click();
  await expect(hubPanel.getByText('Desired $version is now 2')).toBeVisible();
  await expect(twin.getByLabel('Desired properties', { exact: true })).toContainText(
    '"cutoffHz": 50',
  );
  const moduleTwin = await hub.getModuleTwin(device.deviceId, moduleId);
  expect(moduleTwin.properties.desired).toMatchObject({ cutoffHz: 50, $version: 2 });
  // The device's own twin is untouched.
  const deviceTwin = await hub.getTwin(device.deviceId);
  expect(deviceTwin.properties.desired).not.toHaveProperty('cutoffHz');
});

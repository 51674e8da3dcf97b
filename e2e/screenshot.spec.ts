// The README's picture: the connected console after one loop through every primitive, written to
// docs/console.png at 1440x900.
import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

test.use({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

test('screenshot of the connected console for the README', async ({ page, hub, device }) => {
  await hub.patchDesired(device.deviceId, { telemetryInterval: 5, mode: 'eco' });
  await connectAs(page, device.connectionString);

  // Telemetry with an application property.
  const telemetry = pane(page, 'Telemetry');
  await telemetry.getByRole('button', { name: 'Add application property' }).click();
  await telemetry.getByLabel('Application property 1 name', { exact: true }).fill('alert');
  await telemetry.getByLabel('Application property 1 value', { exact: true }).fill('none');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
  await fillEditor(telemetry, 'Telemetry body', '{\n  "temperature": 22.1,\n  "humidity": 41\n}');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
  await expect(telemetry.getByText('Sent 2 · acknowledged 2 · failed 0')).toBeVisible();

  // A C2D message from the hub.
  await hub.sendC2d(device.deviceId, '{"command":"blink","times":3}', {
    'content-type': 'application/json',
    'iothub-messageid': 'c2d-blink-1',
    'iothub-app-priority': 'high',
  });
  await expect(pane(page, 'C2D messages').getByRole('listitem')).toContainText('c2d-blink-1');

  // The twin: a reported patch and a desired update.
  const twin = pane(page, 'Twin');
  await twin.getByRole('button', { name: 'Send reported patch' }).click();
  await expect(twin.getByLabel('Reported patch result')).toHaveText(/^204 /);
  await hub.patchDesired(device.deviceId, { telemetryInterval: 10 });
  await expect(twin.getByRole('list', { name: 'Desired updates' })).toContainText('$version 3');

  // A direct method answered by a rule, invoked from the hub panel.
  const methods = pane(page, 'Direct methods');
  await methods.getByRole('button', { name: 'Add rule' }).click();
  await methods.getByLabel('Rule 1 method').fill('reboot');
  await methods.getByLabel('Rule 1 payload').fill('{"rebooting": true}');
  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByRole('button', { name: 'Invoke method' }).click();
  await expect(hubPanel.getByLabel('Method result')).toContainText('HTTP 200');
  await expect(hubPanel.getByRole('listitem')).toHaveCount(2);

  await page.evaluate(() => window.scrollTo(0, 0));
  // Full page: every pane, not only the two above the fold.
  await page.screenshot({ path: 'docs/console.png', fullPage: true });
});

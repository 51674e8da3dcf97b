// Drafts live in the store, not in mounted components: what the user typed survives a tab switch
// in the narrow layout, a resize that swaps layouts, and a reload (sessionStorage, no secrets).
import type { Page } from '@playwright/test';

import { connectAs, expect, expectEditorText, fillEditor, pane, test } from './fixtures.ts';

const BODY = '{"draft": "kept", "n": 7}';

async function showTab(page: Page, name: string) {
  const tab = page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

test('at 800 px, the telemetry body and correlation ID survive a switch to C2D and back', async ({
  page,
  device,
}) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await fillEditor(telemetry, 'Telemetry body', BODY);
  await telemetry.getByLabel('Correlation ID').fill('corr-kept');
  await telemetry.getByRole('button', { name: 'Add application property' }).click();
  await telemetry.getByLabel('Application property 1 name', { exact: true }).fill('site');
  await telemetry.getByLabel('Repeat every (ms)').fill('300');

  await showTab(page, 'C2D');
  await expect(telemetry).toBeHidden();
  await showTab(page, 'Telemetry');

  await expectEditorText(telemetry, 'Telemetry body', BODY);
  await expect(telemetry.getByLabel('Correlation ID')).toHaveValue('corr-kept');
  await expect(telemetry.getByLabel('Application property 1 name', { exact: true })).toHaveValue(
    'site',
  );
  await expect(telemetry.getByLabel('Repeat every (ms)')).toHaveValue('300');
});

test('at 800 px, the reported patch and the hub panel forms survive tab switches', async ({
  page,
  device,
}) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await connectAs(page, device.connectionString);
  await showTab(page, 'Twin');
  const twin = pane(page, 'Twin');
  await fillEditor(twin, 'Reported patch', '{"kept": "reported"}');

  await showTab(page, 'Hub');
  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByLabel('C2D body').fill('c2d kept');
  await hubPanel.getByLabel('C2D message ID').fill('mid-kept');
  await hubPanel.getByLabel('Method name').fill('kept');
  await hubPanel.getByLabel('Response timeout (s)').fill('12');
  await fillEditor(hubPanel, 'Desired patch', '{"kept": "desired"}');

  await showTab(page, 'Twin');
  await expectEditorText(twin, 'Reported patch', '{"kept": "reported"}');
  await showTab(page, 'Hub');
  await expect(hubPanel.getByLabel('C2D body')).toHaveValue('c2d kept');
  await expect(hubPanel.getByLabel('C2D message ID')).toHaveValue('mid-kept');
  await expect(hubPanel.getByLabel('Method name')).toHaveValue('kept');
  await expect(hubPanel.getByLabel('Response timeout (s)')).toHaveValue('12');
  await expectEditorText(hubPanel, 'Desired patch', '{"kept": "desired"}');
});

test('resizing from 1440 to 1000 and back keeps every draft', async ({ page, device }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await fillEditor(telemetry, 'Telemetry body', BODY);
  await telemetry.getByLabel('Correlation ID').fill('corr-kept');
  const methods = pane(page, 'Direct methods');
  await methods.getByLabel('Response status').fill('202');

  await page.setViewportSize({ width: 1000, height: 900 });
  await expect(page.getByRole('tablist', { name: 'Panes' })).toBeVisible();
  await expectEditorText(telemetry, 'Telemetry body', BODY);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByRole('tablist', { name: 'Panes' })).toBeHidden();

  await expectEditorText(telemetry, 'Telemetry body', BODY);
  await expect(telemetry.getByLabel('Correlation ID')).toHaveValue('corr-kept');
  await expect(methods.getByLabel('Response status')).toHaveValue('202');
});

test('a reload keeps the drafts and the options, but not the connection string', async ({
  page,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await fillEditor(telemetry, 'Telemetry body', BODY);
  await telemetry.getByLabel('Correlation ID').fill('corr-kept');
  await page.getByRole('button', { name: 'Advanced options' }).click();
  await page.getByLabel('Model ID').fill('dtmi:com:example:Kept;1');

  await page.reload();
  await expect(page.getByLabel('Connection string')).toHaveValue('');
  await expect(page.getByLabel('Model ID')).toHaveValue('dtmi:com:example:Kept;1');
  // Drafts belong to the identity they were typed for: connecting as it again shows them.
  await page.getByLabel('Connection string').fill(device.connectionString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expectEditorText(telemetry, 'Telemetry body', BODY);
  await expect(telemetry.getByLabel('Correlation ID')).toHaveValue('corr-kept');
  const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
  expect(stored).not.toContain('SharedAccessKey');
});

test('at 800 px, a method invoked from the Hub tab and answered on the Methods tab shows its result back on the Hub tab', async ({
  page,
  device,
}) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await connectAs(page, device.connectionString);
  await showTab(page, 'Hub');
  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByLabel('Method name').fill('answeredByHand');
  await hubPanel.getByRole('button', { name: 'Invoke method' }).click();
  await expect(hubPanel.getByText('Waiting for the device…')).toBeVisible();

  await showTab(page, 'Methods');
  const methods = pane(page, 'Direct methods');
  await expect(methods.getByText(/^Respond to answeredByHand \(\$rid \S+\)$/)).toBeVisible();
  await methods.getByLabel('Response status').fill('202');
  await methods.getByRole('button', { name: 'Respond' }).click();
  await expect(methods.getByText('No open invocation to respond to')).toBeVisible();

  await showTab(page, 'Hub');
  const result = hubPanel.getByLabel('Method result');
  await expect(result).toContainText(/HTTP 200 in \d+ ms/);
  await expect(result).toContainText('"status": 202');
});

test('each identity keeps its own drafts: a device and its module, switched back and forth', async ({
  page,
  hub,
  device,
}) => {
  const moduleString = await hub.createModule(device.deviceId, 'drafts-m');
  const twin = pane(page, 'Twin');
  const switchTo = async (connectionString: string) => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByRole('status')).toHaveText('Disconnected');
    // The same page, no reload: drafts come from the store, not from sessionStorage.
    await page.getByLabel('Connection string').fill(connectionString);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Connected');
  };
  await connectAs(page, device.connectionString);
  await fillEditor(twin, 'Reported patch', '{"who": "device"}');

  // A new identity starts from the draft the user was looking at...
  await switchTo(moduleString);
  await expectEditorText(twin, 'Reported patch', '{"who": "device"}');
  // ...and from its first edit on, the draft is its own.
  await fillEditor(twin, 'Reported patch', '{"who": "module"}');
  await switchTo(device.connectionString);
  await expectEditorText(twin, 'Reported patch', '{"who": "device"}');
  await switchTo(moduleString);
  await expectEditorText(twin, 'Reported patch', '{"who": "module"}');
});

test('a rule status being retyped stays as typed across a tab switch, and the rule keeps its last valid status meanwhile', async ({
  page,
  hub,
  device,
}) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await connectAs(page, device.connectionString);
  await showTab(page, 'Methods');
  const methods = pane(page, 'Direct methods');
  await methods.getByRole('button', { name: 'Add rule' }).click();
  await methods.getByLabel('Rule 1 method').fill('retyped');
  const status = methods.getByLabel('Rule 1 status');
  await status.fill('');
  await expect(status).toHaveValue('');
  await expect(status).toHaveAccessibleDescription('A whole number; answers 200 until then');

  await showTab(page, 'C2D');
  await showTab(page, 'Methods');
  await expect(status).toHaveValue('');
  // Rules reach the session asynchronously: poll the caller's view (5 s hub timeout per call).
  const answered = async () => (await hub.invokeMethod(device.deviceId, 'retyped', {}, 5)).body;
  await expect.poll(async () => (await answered()).status).toBe(200);

  await status.fill('404');
  await expect(status).toHaveValue('404');
  await expect.poll(async () => (await answered()).status).toBe(404);
});

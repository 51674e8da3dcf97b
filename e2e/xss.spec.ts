// Payloads, property names and errors are rendered as text, never as HTML: markup that would run
// script if it were parsed is shown literally, and nothing runs.
import type { Page } from '@playwright/test';

import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';

async function expectNothingExecuted(page: Page) {
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('script', { hasText: '__xss' })).toHaveCount(0);
}

test('markup in bodies, property names and values is shown as text and never runs', async ({
  page,
  hub,
  device,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await hub.patchDesired(device.deviceId, { banner: IMG });
  await connectAs(page, device.connectionString);

  // Telemetry: a text body and application property names carrying markup.
  const telemetry = pane(page, 'Telemetry');
  await telemetry
    .getByRole('group', { name: 'Body format' })
    .getByRole('button', { name: 'Text' })
    .click();
  await fillEditor(telemetry, 'Telemetry body', `${IMG} and ${SCRIPT}`);
  await telemetry.getByRole('button', { name: 'Add application property' }).click();
  await telemetry.getByLabel('Application property 1 name', { exact: true }).fill(IMG);
  await telemetry.getByLabel('Application property 1 value', { exact: true }).fill(SCRIPT);
  await telemetry.getByRole('button', { name: 'Add application property' }).click();
  await telemetry.getByLabel('Application property 2 name', { exact: true }).fill(SCRIPT);
  await telemetry.getByLabel('Application property 2 value', { exact: true }).fill(IMG);
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
  const sent = telemetry.getByRole('list', { name: 'Sent telemetry' }).getByRole('listitem');
  await expect(sent).toContainText(/acknowledged in \d+ ms/);
  await expect(sent).toContainText(`${IMG} and ${SCRIPT}`);
  await expect(sent).toContainText(`${IMG}=${SCRIPT} · ${SCRIPT}=${IMG}`);

  await expect.poll(async () => (await hub.events(device.deviceId)).length).toBe(1);
  const [event] = await hub.events(device.deviceId);
  expect(event?.body).toBe(`${IMG} and ${SCRIPT}`);
  expect(event?.properties).toEqual({ [IMG]: SCRIPT, [SCRIPT]: IMG });
  const atHub = pane(page, 'Hub (cloud side)')
    .getByRole('list', { name: 'Telemetry received by the hub' })
    .getByRole('listitem');
  await expect(atHub).toContainText(`${IMG}=${SCRIPT} · ${SCRIPT}=${IMG}`);
  await expect(atHub).toContainText(`${IMG} and ${SCRIPT}`);

  // C2D: markup in the body and in a property value (HTTP header names cannot carry it).
  await hub.sendC2d(device.deviceId, `${SCRIPT}${IMG}`, {
    'iothub-messageid': 'xss-1',
    'iothub-app-label': IMG,
  });
  const c2d = pane(page, 'C2D messages').getByRole('listitem');
  await expect(c2d).toContainText(`label=${IMG}`);
  await expect(c2d).toContainText(`${SCRIPT}${IMG}`);

  // Twin: markup in desired values, from the initial GET and from a live update.
  const twin = pane(page, 'Twin');
  await expect(twin.getByLabel('Desired properties', { exact: true })).toContainText(
    JSON.stringify(IMG),
  );
  await hub.patchDesired(device.deviceId, { banner: SCRIPT });
  await expect(twin.getByRole('list', { name: 'Desired updates' })).toContainText(
    JSON.stringify(SCRIPT),
  );

  // Direct methods: markup in the request payload and in the response.
  const methods = pane(page, 'Direct methods');
  const call = hub.invokeMethod(device.deviceId, 'show', { html: IMG });
  await expect(methods.getByRole('listitem')).toContainText(JSON.stringify({ html: IMG }));
  await fillEditor(methods, 'Response payload', JSON.stringify({ echo: SCRIPT }));
  await methods.getByRole('button', { name: 'Respond' }).click();
  expect((await call).body).toEqual({ status: 200, payload: { echo: SCRIPT } });
  await expect(methods.getByRole('listitem')).toContainText(
    `→ ${JSON.stringify({ echo: SCRIPT })}`,
  );

  await expectNothingExecuted(page);
  expect(dialogs).toEqual([]);
});

test('markup in a connection string is echoed as text in the inline error', async ({ page }) => {
  await page.goto('/');
  const field = page.getByLabel('Connection string');
  await field.fill(`HostName=${IMG};DeviceId=d;SharedAccessKey=AAAA`);
  await expect(page.getByText(`HostName '${IMG}' is not a valid host name`)).toBeVisible();
  // Segments split on the first '=', so the unknown key is the markup up to it.
  await field.fill(`HostName=localhost;DeviceId=d;${SCRIPT}`);
  await expect(page.getByText("Unknown key '<script>window.__xss'")).toBeVisible();
  await expectNothingExecuted(page);
});

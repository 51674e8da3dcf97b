// The console core (issue 7): the session runs behind the port in a worker, so what a user started
// survives the layout; history is per identity; a late method answer says so.
import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

test.describe('at 800 px (panes in tabs)', () => {
  test.use({ viewport: { width: 800, height: 900 } });

  test('a repeat keeps running across a tab switch and ends with every message acknowledged', async ({
    page,
    hub,
    device,
  }) => {
    await connectAs(page, device.connectionString);
    const telemetry = pane(page, 'Telemetry');
    await telemetry.getByLabel('Repeat every (ms)').fill('300');
    await telemetry.getByLabel('Up to (messages)').fill('20');
    await telemetry.getByRole('button', { name: 'Repeat' }).click();
    await expect(telemetry.getByLabel('Repeat progress')).toContainText(/^Sent [1-9]\d* of 20/);

    // Away from the telemetry pane while the repeat runs: the pane is unmounted.
    const tabs = page.getByRole('tablist', { name: 'Panes' });
    await tabs.getByRole('tab', { name: 'C2D' }).click();
    await expect(pane(page, 'Telemetry')).toBeHidden();
    await expect.poll(async () => (await hub.events(device.deviceId)).length).toBeGreaterThan(5);
    await tabs.getByRole('tab', { name: 'Telemetry' }).click();

    await expect(pane(page, 'Telemetry').getByLabel('Repeat progress')).toHaveText(
      'Sent 20 of 20 · 20 acknowledged · done',
      { timeout: 20_000 },
    );
    expect(await hub.events(device.deviceId)).toHaveLength(20);
  });
});

test('each identity has its own history: switching shows the new one, switching back the old', async ({
  page,
  hub,
  device,
}) => {
  const other = `${device.deviceId}-b`;
  const otherString = await hub.createDevice(other);
  await connectAs(page, device.connectionString);
  await hub.sendC2d(device.deviceId, 'for the first device', { 'iothub-messageid': 'first-1' });
  const c2d = pane(page, 'C2D messages');
  await expect(c2d.getByLabel('C2D count')).toHaveText('Received 1');

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByLabel('Connection string').fill(otherString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(c2d.getByLabel('C2D count')).toHaveText('Received 0');
  await expect(c2d.getByText('for the first device')).toHaveCount(0);
  await hub.sendC2d(other, 'for the second device', { 'iothub-messageid': 'second-1' });
  await expect(c2d.getByRole('listitem')).toContainText('for the second device');

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByLabel('Connection string').fill(device.connectionString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(c2d.getByLabel('C2D count')).toHaveText('Received 1');
  await expect(c2d.getByRole('listitem')).toContainText('for the first device');
  await expect(c2d.getByText('for the second device')).toHaveCount(0);
});

test('a method answered after this page got 504101 says the answer came too late', async ({
  page,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const hubPane = pane(page, 'Hub (cloud side)');
  await hubPane.getByLabel('Method name').fill('slowOne');
  await hubPane.getByLabel('Response timeout (s)').fill('5');
  await hubPane.getByRole('button', { name: 'Invoke method' }).click();
  await expect(hubPane.getByLabel('Method result')).toContainText('504101', { timeout: 15_000 });

  const methods = pane(page, 'Direct methods');
  const row = methods.getByRole('list', { name: 'Method invocations' }).getByRole('listitem');
  await expect(row).toContainText(
    /waiting .* too late: the caller \(this page's hub panel\) got 504101/,
  );
  await fillEditor(methods, 'Response payload', '{"late": true}');
  await methods.getByRole('button', { name: 'Respond' }).click();
  await expect(row).toContainText(
    /answered 200 in \d+ ms · too late: the caller \(this page's hub panel\) got 504101/,
  );
});

test('the C2D count stays exact when old records fall off the journal', async ({
  page,
  hub,
  device,
}) => {
  // A journal of 100 records (README "URL options"), then 130 C2D messages.
  await connectAs(page, device.connectionString, '/?journal=100');
  const c2d = pane(page, 'C2D messages');
  // In steps of at most 40: IoT Hub holds at most 50 unacknowledged messages per device (403).
  let sent = 0;
  for (const upTo of [40, 80, 120, 130]) {
    while (sent < upTo) {
      sent += 1;
      await hub.sendC2d(device.deviceId, `message ${sent}`, { 'iothub-messageid': `m-${sent}` });
    }
    await expect(c2d.getByLabel('C2D count')).toContainText(`Received ${upTo}`);
  }
  await expect(c2d.getByLabel('C2D count')).toHaveText(/^Received 130 · \d+ older not shown$/);
  const notShown = Number(
    /(\d+) older/.exec((await c2d.getByLabel('C2D count').textContent()) ?? '')?.[1],
  );
  expect(notShown).toBeGreaterThanOrEqual(30);
  // The newest is listed, numbered by its place among everything received.
  await expect(c2d.getByRole('listitem').first()).toContainText('#130');
  await expect(c2d.getByRole('listitem').first()).toContainText('message 130');
});

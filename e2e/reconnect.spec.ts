// Staying connected: SAS renewal by controlled reconnect loses nothing, and a hub that goes away
// and comes back is reconnected to without a click, with what changed meanwhile shown.
import { EmulatorProcess } from './emulator-process.ts';
import { connectAs, expect, pane, test } from './fixtures.ts';
import { HubClient } from './hub-client.ts';

test('a 30 s SAS token survives two renewals with telemetry flowing and nothing lost', async ({
  page,
  hub,
  device,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.getByLabel('Connection string').fill(device.connectionString);
  await page.getByRole('button', { name: 'Advanced options' }).click();
  await page.getByLabel('SAS lifetime (minutes)').fill('0.5');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(page.getByText(/^SAS token expires in 00:[0-3]\d \(renewed/)).toBeVisible();

  // 70 messages, one every 500 ms: ~35 s of telemetry, across renewals at ~15 s and ~30 s.
  const telemetry = pane(page, 'Telemetry');
  await telemetry.getByLabel('Repeat every (ms)').fill('500');
  await telemetry.getByLabel('Up to (messages)').fill('70');
  await telemetry.getByRole('button', { name: 'Repeat', exact: true }).click();
  await expect(telemetry.getByRole('button', { name: 'Stop' })).toBeVisible();

  const connects = async () =>
    (await hub.connections(device.deviceId)).filter((c) => c.event === 'connect').length;
  await expect.poll(connects, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await expect(telemetry.getByText('Sent 70 · acknowledged 70 · failed 0')).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole('status')).toHaveText('Connected');

  await expect.poll(async () => (await hub.events(device.deviceId)).length).toBe(70);
  const events = await hub.events(device.deviceId);
  expect(new Set(events.map((e) => e.systemProperties['message-id'])).size).toBe(70);
  // Every drop was the console's own controlled reconnect, never an expired token: a DISCONNECT
  // after the in-flight PUBACKs, or, when one is still missing after the grace period on a busy
  // machine, the socket closed by the console (mqtt-link.ts `end`; seen once in CI).
  const log = await hub.connections(device.deviceId);
  const drops = log.filter((c) => c.event === 'disconnect').map((c) => c.reason);
  expect(drops.length).toBeGreaterThanOrEqual(2);
  expect(
    drops.filter((reason) => reason !== 'client-disconnected' && reason !== 'client-went-away'),
    `drop reasons: ${drops.join(', ')}`,
  ).toEqual([]);
  expect(log.filter((c) => c.event === 'refused')).toEqual([]);
});

test('the hub stopped and started again is reconnected to without a click; a desired change made meanwhile is shown', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const emulator = await EmulatorProcess.create();
  try {
    await emulator.start();
    const hub = await HubClient.connect(emulator.baseUrl);
    const deviceId = `restart-${Date.now().toString(36)}`;
    const connectionString = await hub.createDevice(deviceId);
    await hub.patchDesired(deviceId, { mode: 'eco' });

    await connectAs(page, connectionString, `${emulator.baseUrl}/`);
    const twin = pane(page, 'Twin');
    await expect(twin.getByText('Desired properties ($version 2)')).toBeVisible();

    // The hub goes away (killed, not closed gracefully).
    await emulator.stop();
    const status = page.getByRole('status');
    await expect(status).toHaveText(/^Reconnecting \(attempt \d+, next try in ([0-9]|10) s\): /);

    // Telemetry sent while away waits in the visible offline queue.
    const telemetry = pane(page, 'Telemetry');
    await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
    await expect(page.getByText(/^Offline queue: 1 of \d+ messages waiting$/)).toBeVisible();

    // Hold the browser off the network so the change below is certainly made while the console
    // is away, whatever its backoff timing; it keeps retrying on its own schedule meanwhile.
    await context.setOffline(true);
    await emulator.start();
    await hub.patchDesired(deviceId, { mode: 'boost' });
    await expect(status).toHaveText(/^Reconnecting/);
    await context.setOffline(false);

    // No click: the console's own schedule reconnects (backoff capped at 10 s).
    await expect(status).toHaveText('Connected', { timeout: 20_000 });
    await expect(twin.getByRole('alert')).toHaveText(
      'Desired properties changed while the console was away: mode',
    );
    await expect(twin.getByText('Desired properties ($version 3)')).toBeVisible();
    const desired = twin.getByLabel('Desired properties', { exact: true });
    await expect(desired.locator('[data-changed="true"]')).toHaveText(/^\s*"mode": "boost",?\s*$/);

    // The queued message went out after the reconnect, once.
    await expect(page.getByText(/^Offline queue:/)).toBeHidden();
    await expect(telemetry.getByRole('listitem')).toContainText(/acknowledged in \d+ ms/);
    await expect.poll(async () => (await hub.events(deviceId)).length).toBe(1);
  } finally {
    await emulator.dispose();
  }
});

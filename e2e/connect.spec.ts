// Connecting: a good string connects, a malformed one is refused inline, a wrong key is not
// authorized and is not retried, and two consoles on one device stop kicking each other.
import { connectAs, expect, pane, test, withWrongKey } from './fixtures.ts';

test('a good connection string connects, and the hub sees the device connected', async ({
  page,
  hub,
  device,
}) => {
  await page.goto('/');
  const field = page.getByLabel('Connection string');
  await field.fill(device.connectionString);
  // Masked until the user asks to see it.
  await expect(field).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(field).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(field).toHaveAttribute('type', 'password');
  await expect(pane(page, 'Connection')).toContainText(`Device ${device.deviceId} on localhost`);

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(page.getByText(/^SAS token expires in \d\d:\d\d/)).toBeVisible();
  await expect
    .poll(async () => (await hub.connections(device.deviceId)).map((c) => c.event))
    .toEqual(['connect']);

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('status')).toHaveText('Disconnected');
  await expect
    .poll(async () => (await hub.connections(device.deviceId)).map((c) => c.reason))
    .toEqual(['connected', 'client-disconnected']);
});

test('a malformed connection string shows an inline error naming the field, as the user types', async ({
  page,
  device,
}) => {
  await page.goto('/');
  const field = page.getByLabel('Connection string');
  const connect = page.getByRole('button', { name: 'Connect', exact: true });
  const withoutKey = device.connectionString.replace(/;SharedAccessKey=.*$/, '');
  await field.fill(withoutKey);
  await expect(field).toHaveAccessibleDescription(
    'SharedAccessKey is missing: a device connection string needs SharedAccessKey (or SharedAccessSignature)',
  );
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(connect).toBeDisabled();

  await field.pressSequentially(';SharedAccessKey=not base64!');
  await expect(field).toHaveAccessibleDescription(/^SharedAccessKey is not base64/);
  await expect(connect).toBeDisabled();

  await field.fill(device.connectionString);
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await expect(connect).toBeEnabled();
  await expect(page.getByRole('status')).toHaveText('Disconnected');
});

test('a wrong key ends in a not-authorized state that is not retried', async ({
  page,
  hub,
  device,
}) => {
  await page.goto('/');
  await page.getByLabel('Connection string').fill(withWrongKey(device.connectionString));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(/^Not authorized \(CONNACK 5\): /);
  // The console stopped: Connect is offered again.
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();

  // The right key then connects from the same page, and the hub saw exactly one refused CONNECT
  // before it: the console did not retry the wrong key.
  await page.getByLabel('Connection string').fill(device.connectionString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  const log = await hub.connections(device.deviceId);
  expect(log.map((c) => `${c.event}:${c.reason}`)).toEqual([
    'refused:bad-token',
    'connect:connected',
  ]);
});

test('served by the emulator, one click creates a device and connects as it', async ({
  page,
  hub,
}, testInfo) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect as an emulator device' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect as an emulator device' });
  await expect(dialog.getByRole('list', { name: 'Emulator devices' })).toBeVisible();
  const deviceId = `e2e-picked-${testInfo.workerIndex}-${Date.now().toString(36)}`;
  await dialog.getByLabel('New device ID').fill(deviceId);
  await dialog.getByRole('button', { name: 'Create and connect' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect
    .poll(async () => (await hub.connections(deviceId)).map((c) => c.event))
    .toEqual(['connect']);
});

test('Enter in the connection string field connects', async ({ page, device }) => {
  await page.goto('/');
  const field = page.getByLabel('Connection string');
  await field.fill('HostName=localhost;DeviceId=x');
  await field.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Disconnected');
  await field.fill(device.connectionString);
  await field.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Connected');
});

test('the emulator device picker shows a device connected elsewhere, and picking it kicks that connection', async ({
  browser,
  page,
  hub,
  device,
}) => {
  // Another browser (a context of its own: no channel to this page's tabs).
  const elsewhere = await (await browser.newContext()).newPage();
  await connectAs(elsewhere, device.connectionString);

  await page.goto('/');
  await page.getByRole('button', { name: 'Connect as an emulator device' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect as an emulator device' });
  const item = dialog
    .getByRole('list', { name: 'Emulator devices' })
    .getByRole('button', { name: device.deviceId, exact: true });
  await expect(item).toHaveAccessibleDescription(
    /^Connected elsewhere since .+ over ws: connecting here disconnects that client$/,
  );
  await item.click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(async () => (await hub.connections(device.deviceId)).map((c) => c.reason))
    .toContain('kicked-by-new-connection');
  // The other console would reconnect and kick back (as two real clients would): close it.
  await elsewhere.close();
  await expect(page.getByRole('status')).toHaveText('Connected');
});

test('two tabs of one browser on one device: the tab where Connect was clicked keeps it, the other says why and can take it back', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const second = await page.context().newPage();
  await connectAs(second, device.connectionString);
  // The first tab let go at once instead of reconnecting and kicking back (spec §1.10: 400027).
  await expect(page.getByRole('status')).toHaveText('Taken over by another tab of this browser');
  await expect(second.getByRole('status')).toHaveText('Connected');
  const log = await hub.connections(device.deviceId);
  expect(log.filter((c) => c.event === 'connect')).toHaveLength(2);

  // Take it back: now the second tab stops, and nothing kicks anyone any more.
  await page.getByRole('button', { name: 'Take it back' }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(second.getByRole('status')).toHaveText('Taken over by another tab of this browser');
  await expect(second.getByRole('button', { name: 'Take it back' })).toBeVisible();
  await expect
    .poll(async () => (await hub.connections(device.deviceId)).filter((c) => c.event === 'connect'))
    .toHaveLength(3);
});

test('two consoles in different browsers on one device stop kicking each other: one ends stopped with the reason, the other stays connected', async ({
  browser,
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  // Another browser connects as the same device: no channel between them, so IoT Hub closes the
  // first one's connection (400027), which reconnects and closes the second's, and so on, until
  // one of them gives up (flap-detector.ts).
  const second = await (await browser.newContext()).newPage();
  await second.goto('/');
  await second.getByLabel('Connection string').fill(device.connectionString);
  await second.getByRole('button', { name: 'Connect', exact: true }).click();

  const stopped =
    'Stopped: IoT Hub closed this connection right after it opened, 3 times in a row. Another client is probably connected as this device (IoT Hub keeps one connection per device, error 400027). Close the other client, then Connect.';
  const statuses = () =>
    Promise.all([page, second].map((p) => p.getByRole('status').textContent()));
  await expect
    .poll(async () => (await statuses()).map((t) => (t === stopped ? 'stopped' : t)).sort(), {
      timeout: 20_000,
    })
    .toEqual(['Connected', 'stopped']);

  // The stopped one offers Connect again; the connected one offers Disconnect.
  const connectButtons = await Promise.all(
    [page, second].map((p) => p.getByRole('button', { name: 'Connect', exact: true }).count()),
  );
  expect(connectButtons.sort()).toEqual([0, 1]);
  // Hub side: every drop was a kick; the last connection is open (nothing reconnects any more).
  const log = await hub.connections(device.deviceId);
  const drops = log.filter((c) => c.event === 'disconnect');
  expect(drops.length).toBeGreaterThanOrEqual(3);
  expect(drops.every((c) => c.reason === 'kicked-by-new-connection')).toBe(true);
  expect(log.filter((c) => c.event === 'connect')).toHaveLength(drops.length + 1);
  // ...and the winner is still connected after all that.
  expect((await statuses()).map((t) => (t === stopped ? 'stopped' : t)).sort()).toEqual([
    'Connected',
    'stopped',
  ]);
});

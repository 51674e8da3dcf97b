// Twin: the initial GET shows what the hub had, a reported patch reaches the hub, a desired
// update arrives live with its version.
import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

test('the twin GET on connect shows desired properties set beforehand', async ({
  page,
  hub,
  device,
}) => {
  await hub.patchDesired(device.deviceId, { targetTemperature: 21, mode: 'eco' });
  await connectAs(page, device.connectionString);
  const twin = pane(page, 'Twin');
  const desired = twin.getByLabel('Desired properties', { exact: true });
  await expect(twin.getByText('Desired properties ($version 2)')).toBeVisible();
  await expect(desired).toContainText('"targetTemperature": 21');
  await expect(desired).toContainText('"mode": "eco"');
  await expect(twin.getByRole('list', { name: 'Twin requests' })).toContainText(
    /GET twin · 200 in \d+ ms/,
  );
});

test('a reported patch is acknowledged with its version and visible through GET /twins', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const twin = pane(page, 'Twin');
  await expect(twin.getByText('Reported properties ($version 1)')).toBeVisible();
  await fillEditor(
    twin,
    'Reported patch',
    '{"firmwareVersion": "2.1.0", "battery": {"level": 87}}',
  );
  await twin.getByRole('button', { name: 'Send reported patch' }).click();
  await expect(twin.getByLabel('Reported patch result')).toHaveText(
    /^204 — reported \$version 2 \(\d+ ms\)$/,
  );
  await expect(twin.getByLabel('Reported properties', { exact: true })).toContainText(
    '"firmwareVersion": "2.1.0"',
  );
  await expect(twin.getByText('Reported properties ($version 2)')).toBeVisible();

  const { properties } = await hub.getTwin(device.deviceId);
  expect(properties.reported).toMatchObject({
    firmwareVersion: '2.1.0',
    battery: { level: 87 },
    $version: 2,
  });
});

test('a desired update arrives live with its version, merged and highlighted', async ({
  page,
  hub,
  device,
}) => {
  await hub.patchDesired(device.deviceId, { mode: 'eco', fan: 'auto' });
  await connectAs(page, device.connectionString);
  const twin = pane(page, 'Twin');
  await expect(twin.getByText('Desired properties ($version 2)')).toBeVisible();

  await hub.patchDesired(device.deviceId, { mode: 'boost', fan: null });
  const updates = twin.getByRole('list', { name: 'Desired updates' }).getByRole('listitem');
  await expect(updates).toHaveCount(1);
  await expect(updates).toContainText('$version 3 · applied');
  await expect(updates).toContainText('{"mode":"boost","fan":null,"$version":3}');

  const desired = twin.getByLabel('Desired properties', { exact: true });
  await expect(twin.getByText('Desired properties ($version 3)')).toBeVisible();
  await expect(desired).toContainText('"mode": "boost"');
  await expect(desired).not.toContainText('fan'); // null deletes
  await expect(desired.locator('[data-changed="true"]')).toHaveText(/^\s*"mode": "boost",?\s*$/);
});

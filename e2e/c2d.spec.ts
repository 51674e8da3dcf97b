// C2D: messages the hub sends show up in the pane with their system and application properties.
import { connectAs, expect, pane, test } from './fixtures.ts';

test('a C2D message with properties is shown in the pane', async ({ page, hub, device }) => {
  await connectAs(page, device.connectionString);
  const c2d = pane(page, 'C2D messages');
  const body = JSON.stringify({ command: 'setpoint', value: 19.5, note: 'x'.repeat(200) });
  await hub.sendC2d(device.deviceId, body, {
    'content-type': 'application/json',
    'iothub-messageid': 'c2d-1',
    'iothub-correlationid': 'corr-c2d',
    'iothub-app-priority': 'urgent',
    'iothub-app-zone': 'north wing',
  });

  const row = c2d.getByRole('list', { name: 'Received C2D messages' }).getByRole('listitem');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('message id c2d-1');
  await expect(row).toContainText('correlation id corr-c2d');
  await expect(row).toContainText('content type application/json');
  await expect(row).toContainText('priority=urgent · zone=north wing');
  await expect(c2d.getByLabel('C2D count')).toHaveText('Received 1');

  // Folded, the body is one line cut at 160 characters; Expand shows all of it, pretty-printed.
  await expect(row).toContainText('{"command":"setpoint","value":19.5,"note":"xxx');
  await expect(row).not.toContainText('x'.repeat(200));
  await row.getByRole('button', { name: 'Expand' }).click();
  await expect(row).toContainText('"value": 19.5');
  await expect(row).toContainText('x'.repeat(200));
  await row.getByRole('button', { name: 'Collapse' }).click();
  await expect(row).not.toContainText('x'.repeat(200));
});

test('pause keeps counting, resume shows what arrived, clear empties the list', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const c2d = pane(page, 'C2D messages');
  const list = c2d.getByRole('list', { name: 'Received C2D messages' });
  await c2d.getByRole('button', { name: 'Pause' }).click();
  await hub.sendC2d(device.deviceId, 'first', { 'iothub-messageid': 'p-1' });
  await hub.sendC2d(device.deviceId, 'second', { 'iothub-messageid': 'p-2' });
  await expect(c2d.getByLabel('C2D count')).toHaveText('Received 2 · paused, 2 waiting');
  await expect(list.getByRole('listitem')).toHaveCount(0);

  await c2d.getByRole('button', { name: 'Resume' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  // Newest first.
  await expect(list.getByRole('listitem').first()).toContainText('second');
  await expect(list.getByRole('listitem').last()).toContainText('first');

  await c2d.getByRole('button', { name: 'Clear C2D messages' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(0);
});

// A connection error belongs to the attempt that caused it: editing the connection string after
// it makes it stale, so it goes, leaving only what is true of the new string.
import { expect, pane, test, withWrongKey } from './fixtures.ts';

test('after CONNACK 5, editing the connection string clears the stale error', async ({
  page,
  device,
}) => {
  await page.goto('/');
  const field = page.getByLabel('Connection string');
  await field.fill(withWrongKey(device.connectionString));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(/^Not authorized \(CONNACK 5\): /);

  // Pasting another string, malformed: its own validation message, and no CONNACK 5 beside it.
  await field.fill(device.connectionString.replace(/;SharedAccessKey=.*$/, ''));
  await expect(field).toHaveAccessibleDescription(/^SharedAccessKey is missing/);
  await expect(page.getByRole('status')).toHaveText('Disconnected');
  await expect(pane(page, 'Connection')).not.toContainText('CONNACK 5');

  // The right string then connects as usual.
  await field.fill(device.connectionString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
});

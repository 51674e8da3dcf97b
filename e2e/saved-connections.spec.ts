// Saved connections across a reload: one saved without its key, one with the key encrypted with
// a passphrase; switching in one click; a wrong passphrase refused; no key in IndexedDB or
// localStorage; and the old plain-text "Remember" migrated without its key
// (docs/saved-connections.md).
import type { Page } from '@playwright/test';

import { expect, freshDeviceId, pane, test } from './fixtures.ts';

const REMEMBER_KEY = 'iothub-console.connection-string';

/** Everything this origin keeps in localStorage and in the saved-connections IndexedDB, as text. */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const local = JSON.stringify({ ...localStorage });
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('iothub-console');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const names = [...db.objectStoreNames];
    const values = await Promise.all(
      names.map(
        (name) =>
          new Promise<unknown>((resolve, reject) => {
            const r = db.transaction(name).objectStore(name).getAll();
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          }),
      ),
    );
    db.close();
    return `${local}\n${JSON.stringify(values)}`;
  });
}

const keyOf = (cs: string) => /SharedAccessKey=([^;]+)/.exec(cs)?.[1] ?? 'no key';

async function save(page: Page, connectionString: string, name: string, passphrase?: string) {
  const connection = pane(page, 'Connection');
  await connection.getByLabel('Connection string').fill(connectionString);
  await connection.getByRole('button', { name: 'Save connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save connection' });
  await dialog.getByLabel('Name').fill(name);
  if (passphrase) {
    await dialog.getByLabel('Save the key encrypted with a passphrase').check();
    await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await dialog.getByLabel('Repeat passphrase').fill(passphrase);
  }
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(connection.getByRole('button', { name: `Connect ${name}` })).toBeVisible();
}

test('two saved connections survive a reload, switch in one click, and keep no plain key', async ({
  page,
  hub,
}, testInfo) => {
  const a = freshDeviceId(testInfo.workerIndex);
  const b = freshDeviceId(testInfo.workerIndex);
  const csA = await hub.createDevice(a);
  const csB = await hub.createDevice(b);
  await page.goto('/');
  await save(page, csA, 'plain A');
  await save(page, csB, 'secret B', 'correct horse battery');

  await page.reload();
  const connection = pane(page, 'Connection');
  await expect(connection.getByRole('button', { name: 'Connect plain A' })).toBeVisible();
  await expect(connection.getByRole('button', { name: 'Connect secret B' })).toBeVisible();
  await expect(connection.getByText(/key encrypted with a passphrase/)).toBeVisible();
  await expect(connection.getByLabel('Connection string')).toHaveValue('');
  const stored = await storedText(page);
  expect(stored).toContain(`DeviceId=${b}`); // the saved entries are there…
  expect(stored).not.toContain(keyOf(csA)); // …without either key
  expect(stored).not.toContain(keyOf(csB));

  // The encrypted entry cannot be opened without its passphrase.
  await connection.getByRole('button', { name: 'Connect secret B' }).click();
  const unlock = page.getByRole('dialog', { name: 'Unlock secret B' });
  await unlock.getByLabel('Passphrase').fill('wrong horse battery');
  await unlock.getByRole('button', { name: 'Unlock and connect' }).click();
  await expect(unlock.getByText(/Wrong passphrase/)).toBeVisible();
  await expect(unlock).toBeVisible(); // still locked: the dialog stays, nothing connects
  await unlock.getByLabel('Passphrase').fill('correct horse battery');
  await unlock.getByRole('button', { name: 'Unlock and connect' }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(connection.getByText(`Device ${b} on localhost`)).toBeVisible();

  // One click switches to the other; its key was not saved, so it is asked for.
  await connection.getByRole('button', { name: 'Connect plain A' }).click();
  const ask = page.getByRole('dialog', { name: 'Key for plain A' });
  await ask.getByLabel('Shared access key').fill(keyOf(csA));
  await ask.getByRole('button', { name: 'Connect' }).click();
  await expect(connection.getByText(`Device ${a} on localhost`)).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Connected');
  // Back to B in one click: its key is in this page's memory now.
  await connection.getByRole('button', { name: 'Connect secret B' }).click();
  await expect(connection.getByText(`Device ${b} on localhost`)).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(page.getByRole('dialog')).toBeHidden();

  // Rename and delete.
  await connection.getByRole('button', { name: 'Rename plain A' }).click();
  const renaming = page.getByRole('dialog', { name: 'Rename plain A' });
  await renaming.getByLabel('New name').fill('device A');
  await renaming.getByRole('button', { name: 'Rename' }).click();
  await connection.getByRole('button', { name: 'Delete secret B' }).click();
  const saved = connection.getByRole('list', { name: 'Saved connection list' });
  // The list shows a change once it is stored: then a reload keeps it.
  await expect(saved.getByRole('button', { name: /^Connect / })).toHaveText(['device A']);
  await page.reload();
  await expect(saved.getByRole('button', { name: /^Connect / })).toHaveText(['device A']);
});

test('the old plain-text Remember is migrated without its key, once', async ({ page, device }) => {
  await page.addInitScript(
    ([key, value]) => {
      // Only on the first load: the migration must delete it.
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key, value);
        sessionStorage.setItem('seeded', '1');
      }
    },
    [REMEMBER_KEY, device.connectionString] as const,
  );
  await page.goto('/');
  const connection = pane(page, 'Connection');
  await expect(connection.getByText(/stored with its key in plain text/)).toBeVisible();
  await expect(
    connection.getByRole('button', { name: 'Connect Remembered connection' }),
  ).toBeVisible();
  // The key stays usable in this page's memory: Connect works at once.
  await expect(connection.getByLabel('Connection string')).toHaveValue(device.connectionString);
  await connection.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  const stored = await storedText(page);
  expect(stored).toContain(`DeviceId=${device.deviceId}`);
  expect(stored).not.toContain(keyOf(device.connectionString));
  expect(await page.evaluate((k) => localStorage.getItem(k), REMEMBER_KEY)).toBeNull();

  await page.reload();
  await expect(
    connection.getByRole('button', { name: 'Connect Remembered connection' }),
  ).toBeVisible();
  await expect(connection.getByText(/stored with its key in plain text/)).toBeHidden();
});

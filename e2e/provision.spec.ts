// Provisioning through the emulator's DPS from the connection pane: an enrollment group's key
// (the device key derived in the browser), the connection string filled in, then connected as the
// device the DPS created with the group's initial twin; a wrong key is refused with DPS's answer.
import { expect, pane, test } from './fixtures.ts';

test('a group key provisions a device whose connection string fills the pane and connects', async ({
  page,
  hub,
}, testInfo) => {
  const suffix = `${testInfo.workerIndex}-${Date.now().toString(36)}`;
  const groupKey = Buffer.from(`group-key-${suffix}`.padEnd(32, '.')).toString('base64');
  await hub.json('PUT', `/enrollmentGroups/e2e-group-${suffix}`, {
    enrollmentGroupId: `e2e-group-${suffix}`,
    attestation: { type: 'symmetricKey', symmetricKey: { primaryKey: groupKey } },
    initialTwin: { properties: { desired: { mode: 'eco' } } },
  });
  const registrationId = `e2e-dps-${suffix}`;
  const { idScope } = await hub.json<{ idScope: string }>('GET', '/emulator/bootstrap');

  await page.goto('/');
  await page.getByRole('button', { name: 'Provision with DPS' }).click();
  const dialog = page.getByRole('dialog', { name: 'Provision with the emulator’s DPS' });
  await expect(dialog.getByLabel('ID scope')).toHaveValue(idScope);
  await dialog.getByLabel('Registration ID').fill(registrationId);
  await dialog.getByLabel('Symmetric key').fill(groupKey);

  // The group key itself does not attest the device: DPS's refusal is shown.
  await dialog.getByRole('button', { name: 'Provision', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('DPS answered 401 (401002)');

  await dialog.getByLabel('This is an enrollment group key (derive the device key)').check();
  await dialog.getByRole('button', { name: 'Provision', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(pane(page, 'Connection')).toContainText(`Device ${registrationId} on localhost`);

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  const twin = await hub.json<{ properties: { desired: { mode?: string } } }>(
    'GET',
    `/twins/${registrationId}`,
  );
  expect(twin.properties.desired.mode).toBe('eco');
});

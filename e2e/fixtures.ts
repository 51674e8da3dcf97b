// test.extend fixtures: `hub` (the cloud side, REST) and `device` (a fresh device per test).
import { test as base, expect, type Page } from '@playwright/test';

import { HubClient } from './hub-client.ts';

type Device = { deviceId: string; connectionString: string };

export const test = base.extend<{ hub: HubClient; device: Device }>({
  hub: async ({ baseURL }, use) => {
    await use(await HubClient.connect(baseURL ?? ''));
  },
  device: async ({ hub }, use, testInfo) => {
    const deviceId = `e2e-${testInfo.workerIndex}-${Date.now().toString(36)}-${Math.random()
      .toString(36)
      .slice(2, 6)}`;
    await use({ deviceId, connectionString: await hub.createDevice(deviceId) });
  },
});

export { expect };

/** Pastes a connection string and connects through the UI, as a user would. */
export async function connectAs(page: Page, connectionString: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Connection string').fill(connectionString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(/^Connected/);
}

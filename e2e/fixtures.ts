// test.extend fixtures: `hub` (the cloud side, REST) and `device` (a fresh device per test), plus
// the few UI steps every spec repeats.
import { test as base, expect, type Locator, type Page } from '@playwright/test';

import { HubClient } from './hub-client.ts';

export type Device = { deviceId: string; connectionString: string };

export function freshDeviceId(workerIndex: number): string {
  const random = Math.random().toString(36).slice(2, 6);
  return `e2e-${workerIndex}-${Date.now().toString(36)}-${random}`;
}

export const test = base.extend<{ hub: HubClient; device: Device }>({
  hub: async ({ baseURL }, use) => {
    await use(await HubClient.connect(baseURL ?? ''));
  },
  device: async ({ hub }, use, testInfo) => {
    const deviceId = freshDeviceId(testInfo.workerIndex);
    await use({ deviceId, connectionString: await hub.createDevice(deviceId) });
  },
});

export { expect };

/** Pastes a connection string and connects through the UI, as a user would. */
export async function connectAs(page: Page, connectionString: string, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Connection string').fill(connectionString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
}

/** A pane of the console: a region named after its IoT Hub primitive. */
export function pane(
  page: Page,
  name:
    'Connection' | 'Telemetry' | 'C2D messages' | 'Twin' | 'Direct methods' | 'Hub (cloud side)',
): Locator {
  return page.getByRole('region', { name, exact: true });
}

/**
 * Replaces the text of a Monaco editor (found by its accessible name) by pasting, as a user would:
 * typed text gets Monaco's auto-indent and auto-closed brackets, pasted text stays as it is.
 * Monaco is lazy-loaded, so this waits for it.
 */
export async function fillEditor(scope: Page | Locator, label: string, text: string) {
  const page = 'page' in scope ? scope.page() : scope;
  const input = scope.getByRole('textbox', { name: label, exact: true });
  await expect(input).toBeAttached();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await input.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expectEditorText(scope, label, text);
}

/** What a Monaco editor renders, ignoring whitespace (wrapping, indentation), is `text`. */
export async function expectEditorText(scope: Page | Locator, label: string, text: string) {
  const squash = (t: string) => t.replace(/\s/g, '');
  const lines = scope.getByTestId(`editor-${label}`).locator('.view-lines');
  await expect.poll(async () => squash(await lines.innerText())).toBe(squash(text));
}

/** The device's connection string with a well-formed key that is not its key (CONNACK 5). */
export function withWrongKey(connectionString: string): string {
  const wrongKey = Buffer.from('not the key of this device, 32B!').toString('base64');
  return connectionString.replace(/SharedAccessKey=.*$/, `SharedAccessKey=${wrongKey}`);
}

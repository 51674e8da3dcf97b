import { expect, test } from '@playwright/test';

// The browser setup works and the console is self-contained: it loads without console errors and
// without a single request to a host other than the one serving it (no CDN, no telemetry).
test('the console loads with no console errors and no request leaving localhost', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? '').host;
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') || url.protocol.startsWith('ws')) {
      if (url.host !== origin) foreign.push(request.url());
    }
  });

  await page.goto('/');
  await expect(page.getByLabel('Connection string')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Disconnected');

  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});

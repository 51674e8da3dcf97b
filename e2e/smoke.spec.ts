import { expect, test } from '@playwright/test';

// The browser setup works and the console is self-contained: it loads without console errors and
// without a single request to a host other than the one serving it (no CDN, no telemetry), and
// nothing it needs is refused by its Content-Security-Policy (a refusal is a console error).
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
  // Monaco (lazy, with its workers) has loaded and rendered under the page's CSP.
  await expect(page.getByTestId('editor-Telemetry body').locator('.view-lines')).toContainText(
    'temperature',
  );

  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});

test('the console is served with a Content-Security-Policy that allows no inline script', async ({
  request,
}) => {
  const response = await request.get('/');
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(await response.text()).toContain('http-equiv="Content-Security-Policy"');
});

import { defineConfig } from '@playwright/test';

import { findChromium } from './scripts/chromium-path.mjs';

// The emulator serves the built console (npm run build runs first, see test:e2e) on its own port,
// so e2e never collides with an `npm start` running on 8080.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8181);

// Without the background-networking flags Chromium keeps dialling Google hosts (toolchain.md).
// Exported for the console benchmark (bench/console), which launches the same browser.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.test-results/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `node --import tsx emulator/main.ts --port ${E2E_PORT} --mqtt-port 0 --in-memory`,
    url: `http://127.0.0.1:${E2E_PORT}/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'pipe',
  },
});

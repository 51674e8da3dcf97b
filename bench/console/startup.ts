// Start-up: a fresh browser context (cold cache) navigates to the console, pastes the connection
// string and connects; the time is from navigation start to the first frame showing "Connected"
// with the twin's desired document. Also the initial JavaScript the console's index.html loads.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { median } from '../stats.ts';

import { connectedWithTwin, fillAndConnect } from './pages.ts';
import { DIST, type Rig } from './setup.ts';

export type StartupResult = { runsMs: number[]; medianMs: number };
export type InitialJs = {
  files: { path: string; gzipKb: number; rawKb: number }[];
  gzipKb: number;
};

export async function startupScenario(rig: Rig, runs: number): Promise<StartupResult> {
  const connectionString = await rig.device('bench-startup');
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const context = await rig.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(rig.tap.url);
      await fillAndConnect(page, connectionString);
      runsMs.push(await connectedWithTwin(page, 30_000));
    } finally {
      await context.close(); // disconnects, so the next run connects afresh
    }
  }
  return { runsMs, medianMs: median(runsMs) };
}

/** Scripts and module preloads named in dist/index.html: what loads before anything lazy. */
export async function initialJsKb(): Promise<InitialJs> {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const paths = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
  const files = await Promise.all(
    [...new Set(paths)].map(async (path) => {
      const bytes = await readFile(join(DIST, path.replace(/^\//, '')));
      return { path, rawKb: bytes.length / 1024, gzipKb: gzipSync(bytes).length / 1024 };
    }),
  );
  return { files, gzipKb: files.reduce((sum, f) => sum + f.gzipKb, 0) };
}

// Everything a console bench run needs, on loopback and ephemeral ports: the built console, the
// emulator (in this process, in memory) serving it, the flood tap in front, the bare page bundled
// from bare-page.ts, and Debian's Chromium with the e2e flags. close() frees all of it.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser } from '@playwright/test';
import { build, type Rolldown } from 'vite';

import { HubClient } from '../../e2e/hub-client.ts';
import { createHub, type Hub } from '../../emulator/hub.ts';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { findChromium } from '../../scripts/chromium-path.mjs';
import { parseConnectionString } from '../../src/iothub/connection-string.ts';
import { buildClientId, buildUsername } from '../../src/iothub/mqtt-connect.ts';
import { deviceResourceUri, signSasToken } from '../../src/iothub/sas-token.ts';

import type { BareConnect } from './bare-page.ts';
import { startTap, type Tap } from './tap.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const BARE_PATH = '/bench/bare.html';

export type Rig = {
  hub: Hub;
  tap: Tap;
  cloud: HubClient;
  browser: Browser;
  distRebuilt: boolean;
  /** Registers a device and returns its connection string. */
  device(deviceId: string): Promise<string>;
  /** What the bare page needs to connect as `deviceId`, signed here as the console would. */
  bareOptions(connectionString: string): Promise<BareConnect>;
  close(): Promise<void>;
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/ (or when forced), so the bench measures
 *  the console as it is in this tree. */
export function ensureDist(force: boolean, log: (line: string) => void): boolean {
  const index = join(DIST, 'index.html');
  const stale =
    !existsSync(index) ||
    statSync(index).mtimeMs <
      Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'index.html')).mtimeMs);
  if (!force && !stale) return false;
  log('Building the console (vite build)…');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  return true;
}

async function bundleBarePage(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      write: false,
      minify: true,
      emptyOutDir: false,
      lib: { entry: fileURLToPath(new URL('./bare-page.ts', import.meta.url)), formats: ['es'] },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((c) => c.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the bare page bundle has no chunk');
  return chunk.code;
}

export async function startRig(o: { rebuild: boolean; log: (line: string) => void }): Promise<Rig> {
  const distRebuilt = ensureDist(o.rebuild, o.log);
  const bareJs = await bundleBarePage();
  const hub = await createHub({
    port: 0,
    mqttPort: 0,
    bind: '127.0.0.1',
    inMemory: true,
    staticDir: DIST,
  });
  const tap = await startTap(hub.ports.http);
  tap.route('/bench/bare.js', 'text/javascript', bareJs);
  tap.route(
    BARE_PATH,
    'text/html',
    '<!doctype html><meta charset="utf-8"><title>bare mqtt.js</title><script type="module" src="/bench/bare.js"></script>',
  );
  const cloud = await HubClient.connect(`http://127.0.0.1:${hub.ports.http}`);
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (apt-get install chromium)');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return {
    hub,
    tap,
    cloud,
    browser,
    distRebuilt,
    device: (deviceId) => cloud.createDevice(deviceId),
    async bareOptions(connectionString) {
      const parsed = parseConnectionString(connectionString);
      if (!parsed.ok || parsed.value.auth.kind !== 'key')
        throw new Error('unexpected connection string');
      const { hostName, deviceId, auth } = parsed.value;
      return {
        url: `${tap.url.replace('http', 'ws')}/$iothub/websocket`,
        clientId: buildClientId(deviceId),
        username: buildUsername({ hostName, deviceId }),
        password: await signSasToken({
          resourceUri: deviceResourceUri(hostName, deviceId),
          key: auth.sharedAccessKey,
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
        }),
        keepAliveSec: 60,
        deviceId,
      };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await tap.close();
      await hub.close();
    },
  };
}

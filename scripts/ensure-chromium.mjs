// Finds a Chromium for Playwright, installing one when none exists, and says what it does.
// Order: $CHROMIUM_PATH, Debian's /usr/bin/chromium, Playwright's own browsers; otherwise
// apt-get (root with apt) or Playwright's download (where the internet allows it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { findChromium } from './chromium-path.mjs';

function run(command, args) {
  console.log(`[chromium] $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

const found = findChromium();
if (found) {
  console.log(`[chromium] using ${found}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log(
    "[chromium] no Chromium found; installing Debian's chromium with apt-get (about a minute)",
  );
  if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])) {
    const installed = findChromium();
    if (installed) {
      console.log(`[chromium] installed ${installed}`);
      process.exit(0);
    }
  }
}

console.log("[chromium] trying Playwright's own download: npx playwright install chromium");
if (run('npx', ['playwright', 'install', 'chromium']) && findChromium()) process.exit(0);

console.error(
  '[chromium] no Chromium available. Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
);
process.exit(1);

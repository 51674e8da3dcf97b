// `npm start`: builds the console when dist/ is missing or older than its sources, then starts the
// emulator (which serves the console at /). Flags after `--` go to the emulator unchanged.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
const sourcesAt = Math.max(
  newestMtime('src'),
  newestMtime('index.html'),
  newestMtime('public'),
  newestMtime('vite.config.ts'),
  newestMtime('package.json'),
);
if (builtAt < sourcesAt) {
  console.log('[start] building the console (dist/ is missing or older than src/)');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('[start] the console build failed; starting the emulator without it');
  }
}

// One process: node with tsx's loader runs the emulator, so signals reach it directly.
const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'emulator/main.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// `npm start`: builds the console when dist/ is missing or older than its sources, then starts the
// emulator (which serves the console at /). Flags after `--` go to the emulator unchanged, except
// `--skip-build` (start with whatever dist/ holds; tests use it).
//
// Stopping: SIGINT, SIGTERM and SIGHUP are forwarded to the emulator, which closes its ports and
// exits; this process exits with it. `kill -TERM <npm's pid>` reaches us only indirectly: npm
// forwards the signal to the `sh -c` running this script, and sh dies without passing it on
// (issue 12), so we also stop the emulator when our parent goes away.
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

const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const emulatorArgs = args.filter((a) => a !== '--skip-build');

const builtAt = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
const sourcesAt = Math.max(
  newestMtime('src'),
  newestMtime('index.html'),
  newestMtime('public'),
  newestMtime('vite.config.ts'),
  newestMtime('package.json'),
);
if (builtAt < sourcesAt && !skipBuild) {
  console.log('[start] building the console (dist/ is missing or older than src/)');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('[start] the console build failed; starting the emulator without it');
  }
}

// One process: node with tsx's loader runs the emulator, so signals reach it directly.
const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', ...emulatorArgs], {
  stdio: 'inherit',
});
let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
// Our parent (npm's sh) gone: we were re-parented, so nobody will forward a signal any more.
const parent = process.ppid;
const orphanCheck = setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 250);
child.on('exit', (code, signal) => {
  clearInterval(orphanCheck);
  process.exit(code ?? (signal ? 1 : 0));
});

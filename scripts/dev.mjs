// `npm run dev`: the emulator (default :8080) and Vite with hot reload on :5173, which proxies the
// emulator's REST API and MQTT socket. Flags go to the emulator; its --port is passed on to Vite.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const args = process.argv.slice(2);
const portFlag = args.indexOf('--port');
const emulatorPort = portFlag >= 0 ? args[portFlag + 1] : (process.env.PORT ?? '8080');

const children = [
  spawn(
    process.execPath,
    [join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'watch', 'emulator/main.ts', ...args],
    {
      stdio: 'inherit',
    },
  ),
  spawn(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js')], {
    stdio: 'inherit',
    env: { ...process.env, EMULATOR_URL: `http://127.0.0.1:${emulatorPort}` },
  }),
];
function stop(signal) {
  for (const child of children) child.kill(signal);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM');
    process.exitCode = code ?? 0;
  });
}

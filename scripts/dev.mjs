// `npm run dev`: the emulator on 8080 and Vite with hot reload on 5173 (proxying to the emulator).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const tsx = join('node_modules', 'tsx', 'dist', 'cli.mjs');
const children = [
  spawn(process.execPath, [tsx, 'watch', 'emulator/main.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
  }),
  spawn('npx', ['vite'], { stdio: 'inherit' }),
];
function stop(signal) {
  for (const child of children) child.kill(signal);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal));
for (const child of children)
  child.on('exit', (code) => {
    stop('SIGTERM');
    process.exitCode = code ?? 0;
  });

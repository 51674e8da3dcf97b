// `npm start` stops the emulator when it is told to (issue 12): SIGTERM to npm's own process (which
// npm hands to its `sh -c`, which does not pass it on) and SIGINT to scripts/start.mjs both close
// the emulator's ports. Real processes; each wait is bounded.

import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

const started: ChildProcess[] = [];
const output = new Map<ChildProcess, () => string>();
afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

/** Starts `command`, resolves with the HTTP port the emulator prints once ready. */
function startEmulator(
  command: string,
  args: string[],
): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(proc);
  let out = '';
  output.set(proc, () => out);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" within 20 s:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Console:\s+http:\/\/localhost:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]) });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', () => reject(new Error(`exited before ready:\n${out}`)));
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Polls until the port refuses connections; false if it still accepts after `ms`. */
async function released(port: number, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await accepts(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const FLAGS = ['--port', '0', '--mqtt-port', '0', '--amqp-port', '0', '--in-memory'];

describe('npm start', () => {
  it('kill -TERM of npm releases the emulator ports', async () => {
    const { proc, port } = await startEmulator('npm', ['start', '--', '--skip-build', ...FLAGS]);
    expect(await accepts(port)).toBe(true);
    proc.kill('SIGTERM');
    expect(await released(port)).toBe(true);
  }, 40_000);

  it('SIGINT to scripts/start.mjs closes the emulator and exits 0', async () => {
    const { proc, port } = await startEmulator(process.execPath, [
      'scripts/start.mjs',
      '--skip-build',
      ...FLAGS,
    ]);
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    proc.kill('SIGINT');
    expect(await exited, output.get(proc)?.()).toBe(0);
    expect(await released(port)).toBe(true);
  }, 40_000);
});

// The real emulator as a child process (`node --import tsx emulator/main.ts`), for tests that
// kill it with SIGKILL: free ports, readiness by GET /health, a REST client signed with the
// owner key, and bookkeeping so every child this file started is killed even when a test fails.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

import { signSasToken } from '../../src/iothub/sas-token.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HOST_NAME = 'localhost';

/** Children started here and not yet seen exiting: only these are ever killed. */
const running = new Set<ChildProcess>();

/** Polls `probe` until it returns a value other than undefined/false; throws at the deadline. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A port the kernel just handed out on 127.0.0.1 (bound to :0, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export type EmulatorProcess = {
  pid: number;
  http: number;
  mqtt: number;
  output: () => string;
  exited: Promise<number | null>;
};

/** Starts the emulator on fresh ports and resolves once GET /health answers 200. A port taken
 *  between freePort() and the child's bind (another test worker) makes it exit 1: try again. */
export async function startEmulator(dataDir: string, ownerKey: string): Promise<EmulatorProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(dataDir, ownerKey);
    } catch (e) {
      if (attempt >= 3 || !(e instanceof PortTaken)) throw e;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(dataDir: string, ownerKey: string): Promise<EmulatorProcess> {
  const [http, mqtt] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'emulator/main.ts',
      ...['--port', String(http), '--mqtt-port', String(mqtt)],
      ...['--data-dir', dataDir, '--owner-key', ownerKey],
      // No retention pruning in the middle of the count checks, and no console build needed.
      ...['--telemetry-max-count', '1000000', '--static-dir', `${dataDir}/no-console`],
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (child.pid === undefined) throw new Error('the emulator did not spawn');
  running.add(child);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      exitCode = code;
      resolve(code);
    }),
  );
  await waitUntil(
    `GET /health 200 on port ${http}`,
    async () => {
      if (exitCode !== undefined) {
        const message = `the emulator exited (${exitCode}):\n${log}`;
        throw /already in use/.test(log) ? new PortTaken(message) : new Error(message);
      }
      try {
        return (await fetch(`http://127.0.0.1:${http}/health`)).status === 200;
      } catch {
        return false; // not listening yet
      }
    },
    15_000,
    25,
  );
  return { pid: child.pid, http, mqtt, output: () => log, exited };
}

/** SIGKILL to this child by its PID, then waits until the kernel reports it gone. */
export async function killHard(emulator: EmulatorProcess): Promise<void> {
  process.kill(emulator.pid, 'SIGKILL');
  const code = await emulator.exited;
  if (code !== null) throw new Error(`expected death by SIGKILL, the emulator exited with ${code}`);
}

/** Kills every child started here that is still running (afterEach/afterAll). */
export async function killAll(): Promise<void> {
  const children = [...running];
  for (const child of children) if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  await Promise.all(
    children.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : null)),
  );
}

export type Reply = { status: number; json: unknown };

/** IoT Hub's REST API authorized as `iothubowner` with the fixed owner key. */
export function restClient(http: number, ownerKey: string) {
  return async (method: string, path: string, body?: unknown, headers = {}): Promise<Reply> => {
    const authorization = await signSasToken({
      resourceUri: HOST_NAME,
      key: ownerKey,
      keyName: 'iothubowner',
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const sep = path.includes('?') ? '&' : '?';
    const res = await fetch(`http://127.0.0.1:${http}${path}${sep}api-version=2021-04-12`, {
      method,
      headers: {
        authorization,
        ...(typeof body === 'object' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

export type Rest = ReturnType<typeof restClient>;

/** Seeded PRNG (mulberry32): the same seed gives the same kill points and ack decisions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

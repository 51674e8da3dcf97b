// An emulator of a test's own, as a child process, for tests that stop and start the hub. It keeps
// its data in a directory, so devices and twins survive a restart as they would on IoT Hub.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from '@playwright/test';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

type Health = 'up' | 'down' | 'exited';

export class EmulatorProcess {
  readonly port: number;
  readonly dataDir: string;
  private child: ChildProcess | undefined;
  private output = '';

  private readonly extraArgs: readonly string[];

  private constructor(port: number, dataDir: string, extraArgs: readonly string[]) {
    this.port = port;
    this.dataDir = dataDir;
    this.extraArgs = extraArgs;
  }

  /** `extraArgs` go to the emulator as given (say, `--tls` with fixed ports). */
  static async create(extraArgs: readonly string[] = []): Promise<EmulatorProcess> {
    return new EmulatorProcess(
      await freePort(),
      await mkdtemp(join(tmpdir(), 'e2e-emulator-')),
      extraArgs,
    );
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  /** Starts the emulator and resolves once /health answers. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        // tsx as a loader, not its CLI: the CLI runs the script in a second process that a kill
        // by PID would orphan.
        '--import',
        'tsx',
        'emulator/main.ts',
        '--port',
        String(this.port),
        '--mqtt-port',
        '0',
        '--data-dir',
        this.dataDir,
        ...this.extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const seen: { health: Health } = { health: 'down' };
    await expect
      .poll(async () => (seen.health = await this.health()), {
        timeout: 30_000,
        message: 'the emulator answers /health',
      })
      .not.toBe('down');
    if (seen.health !== 'up') throw new Error(`emulator ${seen.health}:\n${this.output}`);
  }

  private async health(): Promise<Health> {
    if (!this.child || this.child.exitCode !== null) return 'exited';
    try {
      return (await fetch(`http://127.0.0.1:${this.port}/health`)).ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  /** Kills the emulator by its PID (no graceful close: the hub just goes away) and waits for it. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

// The data directory (issue 12): owner-only permissions on what holds keys, and one emulator per
// directory, with a lock that a dead process leaves stale.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { DataDirLockedError, LOCK_FILE } from './store/data-dir-lock.ts';
import { forget, startHub } from './test/helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hub-data-'));
  dirs.push(d);
  return d;
}
const mode = (path: string) => statSync(path).mode & 0o777;

describe('data directory', () => {
  it('keeps the database, its WAL and the TLS keys readable by their owner only', async () => {
    const dataDir = tempDir();
    const hub = await startHub({ inMemory: false, dataDir, tls: true, httpsPort: 0, mqttsPort: 0 });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'hub.sqlite'))).toBe(0o600);
    expect(mode(join(dataDir, 'hub.sqlite-wal'))).toBe(0o600);
    expect(mode(join(dataDir, 'tls'))).toBe(0o700);
    expect(mode(join(dataDir, 'tls', 'server.key'))).toBe(0o600);
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid}\n`));
    await hub.close();
    forget(hub);
  });

  it('narrows a database file created with wider permissions', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'hub.sqlite'), '', { mode: 0o644 });
    await startHub({ inMemory: false, dataDir });
    expect(mode(join(dataDir, 'hub.sqlite'))).toBe(0o600);
  });

  it('refuses a second hub on the same directory until the first closes', async () => {
    const dataDir = tempDir();
    const first = await startHub({ inMemory: false, dataDir });
    await expect(startHub({ inMemory: false, dataDir })).rejects.toThrow(DataDirLockedError);
    await first.close();
    forget(first);
    const again = await startHub({ inMemory: false, dataDir });
    expect(again.connectionString('device-1')).toContain('DeviceId=device-1');
  });

  it('refuses a directory whose lock names a live process, and takes over a dead one', async () => {
    const dataDir = tempDir();
    const lock = join(dataDir, LOCK_FILE);
    writeFileSync(lock, `${process.ppid}\nelsewhere\n`);
    await expect(startHub({ inMemory: false, dataDir })).rejects.toThrow(
      `Another emulator (PID ${process.ppid}) is using the data directory ${dataDir}`,
    );
    const gone = spawnSync(process.execPath, ['-e', '0']).pid; // exited: its lock is stale
    writeFileSync(lock, `${gone}\nelsewhere\n`);
    await startHub({ inMemory: false, dataDir });
    expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid}\n`));
  });

  it('a second emulator process on the same directory exits with a clear message', async () => {
    const dataDir = tempDir();
    await startHub({ inMemory: false, dataDir });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'emulator/main.ts', '--data-dir', dataDir, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`Another emulator (PID ${process.pid}) is using the data directory`);
    expect(stderr).not.toContain('Usage:');
  }, 30_000);
});

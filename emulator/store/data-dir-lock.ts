// One emulator per data directory (issue 12): two processes on one SQLite file would each think
// they own the device sessions, C2D locks and sequence numbers. A lock file holds the owner's
// PID; a lock whose process is gone (kill -9, a crash, a container restart) is stale and taken
// over. The directory and the files holding keys are the owner's alone (0700 / 0600).

import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'hub.lock';

/** Data directories this process holds, so a lock naming our own PID is told apart from one
 *  left by an earlier process that had the same PID (PID 1 in a restarted container). */
const held = new Set<string>();

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(
      `Another emulator (PID ${pid}) is using the data directory ${dataDir}. Stop it first, or ` +
        `give this one its own directory with --data-dir DIR (or --in-memory). If no emulator ` +
        `runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(/^(\d+)/.exec(readFileSync(path, 'utf8'))?.[1]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the directory owner-only (0700) and takes its lock; returns the release function.
 *  Throws DataDirLockedError when a live process holds it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = ownerOf(path);
      const mine = pid === process.pid && held.has(dataDir);
      if (pid !== undefined && (mine || (pid !== process.pid && isAlive(pid))))
        throw new DataDirLockedError(dataDir, pid);
      rmSync(path, { force: true }); // stale (or unreadable): its writer is gone
      continue;
    }
    writeSync(fd, `${process.pid}\n${hostname()}\n${new Date().toISOString()}\n`);
    closeSync(fd);
    held.add(dataDir);
    return () => {
      held.delete(dataDir);
      if (ownerOf(path) === process.pid) rmSync(path, { force: true });
    };
  }
  throw new Error(`Could not take the lock ${path}`);
}

/** Creates `file` owner-only (0600) or narrows it to that, before SQLite opens it: SQLite gives
 *  its -wal and -shm files the database file's permissions (sqlite.org, "Temporary Files Used
 *  By SQLite"; unix VFS robust_open). */
export function ownerOnlyFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  for (const side of [`${file}-wal`, `${file}-shm`]) if (existsSync(side)) chmodSync(side, 0o600);
}

// Runs one job in a fresh load process (bench/load-process.ts) and waits for its answer, with a
// hard timeout so a stuck broker cannot hang the benchmark.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type {
  IngestJob,
  IngestResult,
  Job,
  JobResult,
  Reply,
  TwinJob,
  TwinResult,
} from './protocol.ts';

const ENTRY = fileURLToPath(new URL('./load-process.ts', import.meta.url));
/** Beyond the job's own cap: connecting, draining in-flight publishes, exiting. */
const GRACE_MS = 30_000;

export function runJob(job: IngestJob): Promise<IngestResult>;
export function runJob(job: TwinJob): Promise<TwinResult>;
export function runJob(job: Job): Promise<JobResult> {
  // fork() reuses this process's execArgv, so the child gets tsx's loader too.
  const child = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<JobResult>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() =>
        reject(new Error(`load process gave no answer within ${job.capMs + GRACE_MS} ms`)),
      );
    }, job.capMs + GRACE_MS);
    child.once('message', (reply: Reply) =>
      finish(() => (reply.ok ? resolve(reply.result) : reject(new Error(reply.error)))),
    );
    child.once('error', (e) => finish(() => reject(e)));
    child.once('exit', (code) =>
      finish(() => reject(new Error(`load process exited (${code}) without an answer`))),
    );
    child.send(job);
  });
}

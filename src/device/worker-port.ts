/**
 * The session port to a dedicated Web Worker (session-worker.ts), the console's default. The
 * worker starts on the first command (the first connect), not with the first screen. Commands
 * carry an id and resolve with the worker's result; events arrive in batches.
 */
import type { PortEvent, PortMessage, PortRequest, SessionPort } from './session-port.ts';

export type WorkerLike = {
  postMessage: (message: PortRequest) => void;
  addEventListener: (type: 'message', listener: (e: MessageEvent<PortMessage>) => void) => void;
  terminate: () => void;
};

export const startSessionWorker = (): WorkerLike =>
  new Worker(new URL('./session-worker.ts', import.meta.url), {
    type: 'module',
    name: 'device-session',
  });

export function createWorkerPort(start: () => WorkerLike = startSessionWorker): SessionPort {
  const listeners = new Set<(batch: PortEvent[]) => void>();
  const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let worker: WorkerLike | undefined;
  let nextId = 1;
  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const w = start();
    w.addEventListener('message', (e) => {
      const m = e.data;
      if (m.kind === 'events') {
        for (const l of [...listeners]) l(m.batch);
        return;
      }
      const call = calls.get(m.id);
      calls.delete(m.id);
      if (m.ok) call?.resolve(m.value);
      else call?.reject(new Error(m.error));
    });
    worker = w;
    return w;
  };
  return {
    call(name, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ensure().postMessage({ id, name, args });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      worker?.terminate();
      worker = undefined;
      for (const c of calls.values()) c.reject(new Error('The session port was closed.'));
      calls.clear();
      listeners.clear();
    },
  };
}

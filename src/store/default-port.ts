/**
 * The app's session port: a dedicated Web Worker where the browser has workers (the default),
 * else the same session in this thread, loaded on first use. Either way the first screen loads
 * no session code: the worker starts on the first command (worker-port.ts).
 */
import type { PortEvent, SessionPort } from '../device/session-port.ts';
import { createWorkerPort } from '../device/worker-port.ts';

let port: SessionPort | undefined;

export function defaultPort(): SessionPort {
  port ??= typeof Worker === 'function' ? createWorkerPort() : lazyInProcessPort();
  return port;
}

/** The in-process port, its code imported on the first command. */
export const lazyInProcessPort = (): SessionPort =>
  lazyPort(() => import('../device/in-process-port.ts').then((m) => m.createInProcessPort()));

/** A port whose implementation is imported on the first command. */
function lazyPort(load: () => Promise<SessionPort>): SessionPort {
  const listeners = new Set<(batch: PortEvent[]) => void>();
  let loading: Promise<SessionPort> | undefined;
  const real = () =>
    (loading ??= load().then((p) => {
      p.subscribe((batch) => {
        for (const l of [...listeners]) l(batch);
      });
      return p;
    }));
  return {
    call: (name, args) => real().then((p) => p.call(name, args)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      void loading?.then((p) => p.dispose());
      listeners.clear();
    },
  };
}

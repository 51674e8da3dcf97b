/**
 * The session port without a worker: the same SessionHost in this thread. For unit tests and for
 * hosts without Web Workers; behaves like the worker port (batched events, async commands).
 */
import { SessionHost, type HostOptions } from './session-host.ts';
import type { PortEvent, SessionPort } from './session-port.ts';
import { broadcastClaimBus } from './tab-claims.ts';

export function createInProcessPort(options: Omit<HostOptions, 'flush'> = {}): SessionPort {
  const listeners = new Set<(batch: PortEvent[]) => void>();
  const host = new SessionHost({
    claims: broadcastClaimBus(),
    ...options,
    flush: (batch) => {
      for (const l of [...listeners]) l(batch);
    },
  });
  return {
    async call(name, args) {
      return host.call(name, args);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      host.dispose();
      listeners.clear();
    },
  };
}

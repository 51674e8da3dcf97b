/**
 * The dedicated Web Worker the console's device session runs in (worker-port.ts starts it on the
 * first command). mqtt.js, SAS signing, renewal, reconnects, repeats and auto-response rules all
 * run here, so the page's layout, a hidden tab or a busy main thread does not stop them.
 */
import { SessionHost } from './session-host.ts';
import type { PortMessage, PortRequest } from './session-port.ts';
import { broadcastClaimBus } from './tab-claims.ts';

// The worker's global scope, typed by what is used (the app is compiled with the DOM lib).
const scope = globalThis as unknown as {
  postMessage: (message: PortMessage, transfer?: Transferable[]) => void;
  addEventListener: (type: 'message', listener: (e: MessageEvent<PortRequest>) => void) => void;
};

const host = new SessionHost({
  claims: broadcastClaimBus(),
  // C2D bodies are compact copies made for the event (session-inbound.ts): move, don't copy them.
  flush: (batch) =>
    scope.postMessage(
      { kind: 'events', batch },
      batch.flatMap((e) => (e.type === 'c2d' ? [e.payload.body.buffer as ArrayBuffer] : [])),
    ),
});

scope.addEventListener('message', (e) => {
  const { id, name, args } = e.data;
  Promise.resolve()
    .then(() => host.call(name, args as never))
    .then(
      (value) => scope.postMessage({ kind: 'result', id, ok: true, value }),
      (error: unknown) =>
        scope.postMessage({
          kind: 'result',
          id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
});

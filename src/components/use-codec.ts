// The payload codec of a view, loaded on first use (load-decoder.ts keeps each a lazy chunk) and
// then at hand synchronously, so rows scrolled back into view decode without a flash.
import { useEffect, useSyncExternalStore } from 'react';

import type { PayloadCodec, PayloadViewKind } from '../iothub/decoders/types.ts';

export type CodecState = { codec: PayloadCodec } | { error: string } | undefined;

const states = new Map<PayloadViewKind, CodecState>();
const loading = new Set<PayloadViewKind>();
const listeners = new Set<() => void>();

function settle(kind: PayloadViewKind, state: CodecState): void {
  states.set(kind, state);
  loading.delete(kind);
  for (const l of listeners) l();
}

function request(kind: PayloadViewKind): void {
  if (loading.has(kind) || states.get(kind) !== undefined) return;
  loading.add(kind);
  // The loader itself is imported on demand too, so the send forms that use this hook keep it
  // (and what the bundler would group with it) out of the first screen's JS.
  import('../iothub/decoders/load-decoder.ts')
    .then((m) => m.loadDecoder(kind))
    .then(
      (codec) => settle(kind, { codec }),
      // A chunk that did not load (a network blip, a redeploy): said so; the next request retries.
      (e: unknown) =>
        settle(kind, {
          error: `Could not load the ${kind} view: ${e instanceof Error ? e.message : String(e)}`,
        }),
    );
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useCodec(kind: PayloadViewKind): CodecState {
  const state = useSyncExternalStore(subscribe, () => states.get(kind));
  useEffect(() => request(kind), [kind]);
  return state;
}

/** Forgets a failed load so the next render tries again. */
export function retryCodec(kind: PayloadViewKind): void {
  const state = states.get(kind);
  if (state && 'error' in state) {
    states.delete(kind);
    request(kind);
  }
}

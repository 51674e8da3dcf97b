/**
 * Coalesces many requests into one flush per animation frame (perf A4: React does not batch
 * socket events; rAF batching plus bounded buffers is what keeps the UI alive under load).
 * Falls back to a timer where there is no requestAnimationFrame (tests, workers); rAF pauses in
 * hidden tabs, so callers keep their pending buffers bounded.
 */
export type FrameScheduler = (flush: () => void) => void;

export const defaultScheduler: FrameScheduler = (flush) => {
  if (typeof globalThis.requestAnimationFrame === 'function') {
    globalThis.requestAnimationFrame(() => flush());
  } else {
    setTimeout(flush, 16);
  }
};

export type FrameBatcher = { request: () => void; flushNow: () => void; cancel: () => void };

export function createFrameBatcher(
  flush: () => void,
  schedule: FrameScheduler = defaultScheduler,
): FrameBatcher {
  let scheduled = false;
  let cancelled = false;
  const run = () => {
    if (!scheduled || cancelled) return;
    scheduled = false;
    flush();
  };
  return {
    request() {
      if (scheduled || cancelled) return;
      scheduled = true;
      schedule(run);
    },
    flushNow() {
      scheduled = false;
      flush();
    },
    cancel() {
      cancelled = true;
    },
  };
}

// Runs inside every measured page (page.addInitScript) before the app: frame timestamps from
// requestAnimationFrame, long tasks from PerformanceObserver, and a sampler that records when a
// count shown on the page changes. Times are epoch ms (performance.timeOrigin + now()) so they
// line up with the flood's Date.now() in Node. Self-contained: Playwright serializes it.

/** tsx (esbuild with keepNames) wraps named functions in `__name(fn, "name")`; functions the
 *  bench serializes into a page need that helper there too. */
export const KEEP_NAMES_SHIM = 'globalThis.__name ??= (fn) => fn;';

export type Sample = { at: number; count: number };
export type LongTask = { at: number; durationMs: number };
export type ProbeData = { frames: number[]; longTasks: LongTask[]; samples: Sample[] };

export type Probe = ProbeData & {
  reset(): void;
  /** Samples `read()` every `everyMs` and on each frame, keeping only changes. */
  watch(read: () => number, everyMs: number): void;
  unwatch(): void;
};

export function installProbe(): void {
  const epoch = (t: number) => performance.timeOrigin + t;
  const probe: Probe = {
    frames: [],
    longTasks: [],
    samples: [],
    reset() {
      probe.frames = [];
      probe.longTasks = [];
      probe.samples = [];
    },
    watch(read, everyMs) {
      probe.unwatch();
      let last = Number.NaN;
      const sample = () => {
        const count = read();
        if (count !== last) {
          last = count;
          probe.samples.push({ at: Date.now(), count });
        }
      };
      sample();
      timer = setInterval(sample, everyMs);
      sampleOnFrame = sample;
    },
    unwatch() {
      clearInterval(timer);
      sampleOnFrame = undefined;
    },
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let sampleOnFrame: (() => void) | undefined;
  const frame = (t: number) => {
    // Bounded: a forgotten probe must not become the leak it measures.
    if (probe.frames.length < 200_000) probe.frames.push(epoch(t));
    sampleOnFrame?.();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        probe.longTasks.push({ at: epoch(e.startTime), durationMs: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task support: the list stays empty and the report says "–" for none observed.
  }
  (window as unknown as { benchProbe: Probe }).benchProbe = probe;
}

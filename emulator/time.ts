// IoT Hub timestamps: UTC ISO 8601 with 7 fractional digits, as the real service emits (spec §4.1).

export function hubTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '0000Z');
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Where the hub's fault timers get time (issue 12: one injectable source, so tests of delays
 *  run on a fake clock instead of sleeping). `setTimeout` returns its cancel function. */
export type Clock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): () => void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

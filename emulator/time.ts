// IoT Hub timestamps: UTC ISO 8601 with 7 fractional digits, as the real service emits (spec §4.1).

export function hubTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '0000Z');
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The hub's clock for what it schedules (jobs v2): real time by default, a manual clock in
 *  tests (`emulator/test/manual-clock.ts`) so a job an hour ahead runs without waiting. */
export type Clock = {
  now(): number;
  /** Calls `fn` once `ms` have passed on this clock; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    // setTimeout's limit is 2^31-1 ms (about 24.8 days); a later time re-arms on expiry.
    const LIMIT = 2 ** 31 - 1;
    let timer: NodeJS.Timeout;
    const arm = (left: number) => {
      timer = setTimeout(() => (left > LIMIT ? arm(left - LIMIT) : fn()), Math.min(left, LIMIT));
      timer.unref();
    };
    arm(Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

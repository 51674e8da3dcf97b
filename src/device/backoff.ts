/**
 * Reconnect delays: exponential backoff with jitter, as the Azure IoT SDKs document it
 * (protocol spec §11.4, perf-reliability B1): F(x) = min(Cmin + (2^(x-1) - 1) * rand(C*(1-Jd), C*(1-Ju)), Cmax)
 * with C = Cmin = 100 ms, Cmax = 10 s, Ju = 0.25, Jd = 0.5. We implement the documented
 * formula, not the SDK code (which grows quadratically with a 0-25 ms jitter).
 */
export type BackoffPolicy = { c: number; cMin: number; cMax: number; ju: number; jd: number };

export const NORMAL_BACKOFF: BackoffPolicy = { c: 100, cMin: 100, cMax: 10_000, ju: 0.25, jd: 0.5 };

/** @param attempt 1 for the first retry after a drop. @param random a value in [0, 1). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = NORMAL_BACKOFF,
): number {
  const x = Math.max(1, Math.floor(attempt));
  const low = policy.c * (1 - policy.jd);
  const high = policy.c * (1 - policy.ju);
  const jittered = low + random() * (high - low);
  // 2^(x-1) overflows to Infinity for huge x; min() below still caps it.
  const delay = policy.cMin + (2 ** (x - 1) - 1) * jittered;
  return Math.round(Math.min(delay, policy.cMax));
}

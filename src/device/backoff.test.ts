import { describe, expect, it } from 'vitest';

import { backoffDelay, NORMAL_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  it('starts at the 100 ms base for the first retry whatever the jitter', () => {
    expect(backoffDelay(1, () => 0)).toBe(100);
    expect(backoffDelay(1, () => 0.999)).toBe(100);
  });

  it('grows exponentially inside the jitter band', () => {
    // x = 3: 100 + 3 * rand(50, 75)
    expect(backoffDelay(3, () => 0)).toBe(250);
    expect(backoffDelay(3, () => 1)).toBe(325);
    expect(backoffDelay(3, () => 0.5)).toBe(288);
    // x = 5: 100 + 15 * rand(50, 75)
    expect(backoffDelay(5, () => 0)).toBe(850);
  });

  it('never exceeds the 10 s cap, even for absurd attempt counts', () => {
    for (const attempt of [8, 10, 20, 100, 5000]) {
      expect(backoffDelay(attempt, () => 1)).toBeLessThanOrEqual(NORMAL_BACKOFF.cMax);
    }
    expect(backoffDelay(20, () => 0)).toBe(10_000);
  });

  it('is monotonic in the attempt number for a fixed jitter', () => {
    let previous = 0;
    for (let attempt = 1; attempt < 15; attempt++) {
      const delay = backoffDelay(attempt, () => 0.3);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });

  it('treats attempt 0 or negatives as the first retry', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(100);
    expect(backoffDelay(-3, () => 0.5)).toBe(100);
  });
});

import { describe, expect, it } from 'vitest';

import {
  FLAP_LIMIT,
  FLAP_START,
  FLAP_WINDOW_MS,
  flapStep,
  isFlapping,
  type CloseCause,
  type FlapEvent,
  type FlapState,
} from './flap-detector.ts';

const run = (events: FlapEvent[], from: FlapState = FLAP_START) => events.reduce(flapStep, from);

/** `n` connections, each closed `lifeMs` after its CONNACK, starting at `t0`, 100 ms apart. */
function cycles(n: number, lifeMs: number, cause: CloseCause = 'server', t0 = 0): FlapEvent[] {
  const out: FlapEvent[] = [];
  let t = t0;
  for (let i = 0; i < n; i++) {
    out.push({ kind: 'connected', at: t }, { kind: 'closed', at: t + lifeMs, cause });
    t += lifeMs + 100;
  }
  return out;
}

describe('flap detector', () => {
  it('stops after FLAP_LIMIT server closes in a row right after CONNACK, not before', () => {
    expect(FLAP_LIMIT).toBe(3);
    const almost = run(cycles(FLAP_LIMIT - 1, 150));
    expect(almost.streak).toBe(FLAP_LIMIT - 1);
    expect(isFlapping(almost)).toBe(false);
    const flapping = run(cycles(1, 150, 'server', 10_000), almost);
    expect(flapping.streak).toBe(FLAP_LIMIT);
    expect(isFlapping(flapping)).toBe(true);
  });

  it('a single kick does not stop', () => {
    const s = run(cycles(1, 50));
    expect(s).toEqual({ streak: 1 });
    expect(isFlapping(s)).toBe(false);
  });

  it('counts a close just inside the window, not one at the window', () => {
    expect(run(cycles(1, FLAP_WINDOW_MS - 1)).streak).toBe(1);
    expect(run(cycles(1, FLAP_WINDOW_MS)).streak).toBe(0);
  });

  it('a connection that lasted past the window resets the count, whatever closed it', () => {
    for (const cause of ['server', 'keepalive', 'local'] as const) {
      const s = run([...cycles(2, 100), ...cycles(1, FLAP_WINDOW_MS + 5_000, cause, 1_000)]);
      expect(s.streak).toBe(0);
    }
    // ...so the next kicks start again from one.
    const after = run([
      ...cycles(2, 100),
      ...cycles(1, 60_000, 'local', 1_000),
      ...cycles(2, 100, 'server', 70_000),
    ]);
    expect(after.streak).toBe(2);
    expect(isFlapping(after)).toBe(false);
  });

  it('a keep-alive timeout is a dead network, not a kick: it breaks the run', () => {
    const s = run([...cycles(2, 100), ...cycles(1, 3_000, 'keepalive', 1_000)]);
    expect(s.streak).toBe(0);
  });

  it('a local close of a young connection (SAS renewal) neither counts nor breaks the run', () => {
    const s = run([...cycles(2, 100), ...cycles(1, 500, 'local', 1_000)]);
    expect(s.streak).toBe(2);
    expect(isFlapping(run(cycles(1, 100, 'server', 5_000), s))).toBe(true);
  });

  it('an attempt that closed before any CONNACK (hub unreachable) breaks the run', () => {
    const kicked = run(cycles(2, 100));
    const failed = flapStep(kicked, { kind: 'closed', at: 2_000, cause: 'server' });
    expect(failed).toEqual({ streak: 0 });
  });

  it('remembers the CONNACK time while connected and keeps the count', () => {
    const s = run([...cycles(1, 100), { kind: 'connected', at: 500 }]);
    expect(s).toEqual({ streak: 1, connectedAt: 500 });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { REPEAT_WINDOW, RepeatRunner } from './repeat-runner.ts';
import type { RepeatProgress, RepeatSpec } from './session-port.ts';

const spec = (intervalMs: number, count: number): RepeatSpec => ({
  body: '{}',
  properties: { system: {}, application: {} },
  autoMessageId: true,
  intervalMs,
  count,
});

function setup(failWith?: string) {
  const sent: string[] = [];
  const progress: RepeatProgress[] = [];
  const runner = new RepeatRunner({
    send: () => {
      const id = `t${sent.length + 1}`;
      sent.push(id);
      return failWith ? { id, error: failWith } : { id };
    },
    progress: (p) => progress.push(p),
  });
  const ack = (id: string) => runner.onTelemetry({ id, state: 'acknowledged', at: Date.now() });
  return { runner, sent, progress, ack, last: () => progress.at(-1) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RepeatRunner', () => {
  it('sends one at once, then one per interval, and ends after count', () => {
    const { runner, sent, last } = setup();
    runner.start(spec(300, 4));
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(299);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(600);
    expect(sent).toHaveLength(4);
    expect(last()).toMatchObject({ running: false, sent: 4, max: 4 });
    vi.advanceTimersByTime(3000);
    expect(sent).toHaveLength(4);
  });

  it('catches up after a late timer without drifting', () => {
    const { runner, sent } = setup();
    runner.start(spec(100, 50));
    vi.setSystemTime(Date.now() + 1000); // the clock jumped (a throttled timer)
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(12);
  });

  it('counts acknowledgements of its own messages only', () => {
    const { runner, ack, last } = setup();
    runner.start(spec(100, 3));
    ack('t1');
    ack('other');
    ack('t1'); // counted once
    expect(last()).toMatchObject({ acknowledged: 1, failed: 0 });
  });

  it('with interval 0 keeps REPEAT_WINDOW in flight and sends more as PUBACKs arrive', () => {
    const { runner, sent, ack, last } = setup();
    runner.start(spec(0, 100));
    expect(sent).toHaveLength(REPEAT_WINDOW);
    ack('t1');
    ack('t2');
    expect(sent).toHaveLength(REPEAT_WINDOW + 2);
    for (const id of [...sent]) ack(id);
    while (sent.length < 100) for (const id of sent.slice(-REPEAT_WINDOW)) ack(id);
    for (const id of sent) ack(id);
    expect(last()).toMatchObject({ running: false, sent: 100, acknowledged: 100 });
  });

  it('stops with a reason and sends nothing more', () => {
    const { runner, sent, last } = setup();
    runner.start(spec(100, 10));
    runner.stop('Taken over by another tab of this browser');
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(1);
    expect(last()).toMatchObject({
      running: false,
      stopped: 'Taken over by another tab of this browser',
    });
  });

  it('counts messages refused at once as failed, and does not spin with interval 0', () => {
    const { runner, sent, last } = setup('Not connected: connect first.');
    runner.start(spec(0, 1000));
    expect(sent).toHaveLength(REPEAT_WINDOW);
    expect(last()).toMatchObject({ failed: REPEAT_WINDOW, running: true });
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(2 * REPEAT_WINDOW);
  });
});

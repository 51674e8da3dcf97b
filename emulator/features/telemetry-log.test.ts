// The group-commit writer against real SQLite (in memory): callbacks only after the commit, one
// transaction per event-loop turn, sequence order on the bus, failures reported to every caller.

import { afterEach, describe, expect, it } from 'vitest';

import { createContext } from '../context.ts';
import type { NewEvent, StoredEvent } from '../store/events-store.ts';
import { openStore, type Store } from '../store/index.ts';

import { createTelemetryLog, MAX_BATCH } from './telemetry.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function setup(maxCount = 10_000) {
  const store = openStore(undefined);
  stores.push(store);
  const ctx = createContext(store, 'localhost', () => {});
  const log = createTelemetryLog(ctx, { maxCount, maxAgeSeconds: 3600 });
  const seen: StoredEvent[] = [];
  ctx.bus.on('telemetry', (e) => seen.push(e));
  const count = () => store.events.list({ limit: 100_000 }).length;
  return { store, log, seen, count };
}

const event = (body: string): NewEvent => ({
  deviceId: 'd1',
  moduleId: null,
  enqueuedMs: Date.now(),
  body: Buffer.from(body),
  properties: { k: body },
  systemProperties: {},
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('telemetry log (group commit)', () => {
  it('commits the events of one turn together and calls back only after the commit', async () => {
    const { log, seen, count } = setup();
    const storedAt: number[] = [];
    for (const b of ['a', 'b', 'c'])
      log.record(event(b), (error) => {
        expect(error).toBeNull();
        storedAt.push(count());
      });
    expect(count()).toBe(0); // nothing written yet, nothing acknowledged
    expect(storedAt).toEqual([]);
    await turn();
    expect(storedAt).toEqual([3, 3, 3]); // one transaction for all three
    expect(seen.map((e) => e.body.toString())).toEqual(['a', 'b', 'c']);
    expect(seen.map((e) => e.sequenceNumber)).toEqual([1, 2, 3]);
    expect(seen[0]?.properties).toEqual({ k: 'a' });
  });

  it('writes a full batch at once', () => {
    const { log, count } = setup();
    let called = 0;
    for (let i = 0; i < MAX_BATCH; i++) log.record(event(`m${i}`), () => called++);
    expect(count()).toBe(MAX_BATCH);
    expect(called).toBe(MAX_BATCH);
  });

  it('keeps the count bound across batches', async () => {
    const { log, store } = setup(3);
    for (const b of ['m1', 'm2']) log.record(event(b), () => {});
    await turn();
    for (const b of ['m3', 'm4', 'm5']) log.record(event(b), () => {});
    await turn();
    expect(store.events.list({ limit: 10 }).map((e) => e.body.toString())).toEqual([
      'm3',
      'm4',
      'm5',
    ]);
  });

  it('fails every caller of a batch that cannot be committed, and stores none of it', async () => {
    const { log, store, seen } = setup();
    const errors: (Error | null)[] = [];
    for (const b of ['a', 'b']) log.record(event(b), (e) => errors.push(e));
    store.close();
    await turn();
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeInstanceOf(Error);
    expect(seen).toEqual([]);
  });

  it('flushes what is queued when closed', () => {
    const { log, count } = setup();
    let called = 0;
    log.record(event('last'), () => called++);
    log.close();
    expect(called).toBe(1);
    expect(count()).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';

import { changedKeys, TwinTracker } from './twin-tracker';

describe('TwinTracker', () => {
  it('holds notifications until the first GET answers, then replays only newer ones', () => {
    const t = new TwinTracker();
    t.beginFetch();
    expect(t.onDesired(4, { a: 1 })).toEqual({ action: 'buffer' });
    expect(t.onDesired(6, { b: 1 })).toEqual({ action: 'buffer' });
    expect(t.onDesired(5, { c: 1 })).toEqual({ action: 'buffer' });
    const replay = t.onFetched(4);
    expect(replay.map((n) => n.version)).toEqual([5, 6]);
    expect(t.onDesired(5, { c: 1 })).toEqual({ action: 'apply' });
    expect(t.onDesired(6, { b: 1 })).toEqual({ action: 'apply' });
    expect(t.desiredVersion).toBe(6);
  });

  it('ignores notifications that are not newer than the fetched document', () => {
    const t = new TwinTracker();
    t.beginFetch();
    t.onFetched(7);
    expect(t.onDesired(7, {})).toEqual({ action: 'ignore', reason: 'not newer than $version 7' });
    expect(t.onDesired(3, {})).toMatchObject({ action: 'ignore' });
    expect(t.desiredVersion).toBe(7);
  });

  it('asks for a fresh GET on a version gap and holds notifications meanwhile', () => {
    const t = new TwinTracker();
    t.beginFetch();
    t.onFetched(2);
    expect(t.onDesired(5, { x: 1 })).toMatchObject({ action: 'refetch' });
    expect(t.fetching).toBe(true);
    expect(t.onDesired(6, { y: 1 })).toEqual({ action: 'buffer' });
    expect(t.onFetched(5).map((n) => n.version)).toEqual([6]);
  });

  it('replays held notifications when a GET fails', () => {
    const t = new TwinTracker();
    t.beginFetch();
    t.onFetched(1);
    t.beginFetch();
    t.onDesired(2, {});
    expect(t.onFetchFailed().map((n) => n.version)).toEqual([2]);
    expect(t.onDesired(2, {})).toEqual({ action: 'apply' });
  });
});

describe('changedKeys', () => {
  it('lists added, removed and changed top-level keys, ignoring $-metadata', () => {
    const before = { a: 1, b: { c: 2 }, d: 'x', $version: 3 };
    const after = { a: 1, b: { c: 3 }, e: true, $version: 5 };
    expect(changedKeys(before, after)).toEqual(['b', 'd', 'e']);
  });
});

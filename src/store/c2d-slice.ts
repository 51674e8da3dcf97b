/**
 * C2D pane state: a view over the journal's received C2D records of the connected identity
 * (journal.ts), with pause (keeps counting) and clear. The count comes from the journal's
 * counters, so it stays exact when old records fall off or a hidden tab delays rendering.
 */
import type { StateCreator } from 'zustand';

import { DEFAULT_LIST_LIMIT } from './append-capped.ts';
import { countOf, selectRecords, type Journal, type JournalRecord } from './journal.ts';

type Mark = { seq: number; count: number };

export type C2dSlice = {
  c2d: {
    paused: Mark | undefined;
    /** Per identity: where the user last cleared the list. */
    cleared: Record<string, Mark>;
  };
  setC2dPaused: (paused: boolean, identity: string | undefined) => void;
  clearC2d: (identity: string | undefined) => void;
};

export type C2dView = {
  items: JournalRecord[];
  /** The record's number among this identity's received messages since the last clear (1 = first). */
  ordinalOf: (record: JournalRecord) => number;
  total: number;
  waiting: number;
  notShown: number;
};

const lastSeq = (j: Journal) => j.nextSeq - 1;

export function c2dView(
  j: Journal,
  c: C2dSlice['c2d'],
  identity: string | undefined,
  /** How many records to list (0: counts only). */
  limit = DEFAULT_LIST_LIMIT,
): C2dView {
  const count = countOf(j, identity, 'in:c2d');
  const cleared = (identity !== undefined && c.cleared[identity]) || { seq: 0, count: 0 };
  const total = count - cleared.count;
  const upTo = c.paused ? Math.max(c.paused.seq, cleared.seq) : undefined;
  const shownCount = c.paused ? Math.max(c.paused.count - cleared.count, 0) : total;
  // The list shows the newest DEFAULT_LIST_LIMIT; older ones stay in the journal (export, filter).
  const records = selectRecords(
    j,
    identity,
    {
      kind: 'c2d',
      direction: 'in',
      afterSeq: cleared.seq,
      ...(upTo !== undefined ? { upToSeq: upTo } : {}),
    },
    limit,
  );
  const firstOrdinal = shownCount - records.length + 1;
  return {
    items: records,
    // No object per record on every frame (a flood renders 60 times a second): rows are
    // virtualized, so only visible rows ask, by binary search on seq.
    ordinalOf: (record) => firstOrdinal + indexBySeq(records, record.seq),
    total,
    waiting: total - shownCount,
    notShown: shownCount - records.length,
  };
}

function indexBySeq(records: readonly JournalRecord[], seq: number): number {
  let lo = 0;
  let hi = records.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = records[mid]?.seq ?? 0;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export const createC2dSlice: StateCreator<C2dSlice & { journal: Journal }, [], [], C2dSlice> = (
  set,
) => ({
  c2d: { paused: undefined, cleared: {} },
  setC2dPaused: (paused, identity) =>
    set((s) => ({
      c2d: {
        ...s.c2d,
        paused: paused
          ? { seq: lastSeq(s.journal), count: countOf(s.journal, identity, 'in:c2d') }
          : undefined,
      },
    })),
  clearC2d: (identity) =>
    set((s) => {
      if (identity === undefined) return s;
      const mark = { seq: lastSeq(s.journal), count: countOf(s.journal, identity, 'in:c2d') };
      return { c2d: { ...s.c2d, cleared: { ...s.c2d.cleared, [identity]: mark } } };
    }),
});

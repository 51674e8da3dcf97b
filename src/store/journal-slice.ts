// The journal in the store (journal.ts): appended once per frame by the port seam (bind-port.ts).
import type { StateCreator } from 'zustand';

import {
  appendRecords,
  EMPTY_JOURNAL,
  fieldsOf,
  JOURNAL_MAX_BYTES,
  JOURNAL_MAX_RECORDS,
  makeJournal,
  patchRecords,
  type Journal,
  type JournalRecord,
  type NewRecord,
} from './journal.ts';

export type JournalLimits = { records: number; bytes: number };

export type JournalSlice = {
  journal: Journal;
  /**
   * The journal as lists show it: refreshed at most every LIST_REFRESH_MS while messages stream
   * in (bind-port.ts), and within that time after the last one. Counts read `journal` (live).
   */
  journalView: Journal;
  showJournal: () => void;
  journalLimits: JournalLimits;
  /** New bounds; applied from the next append (the oldest records go then). */
  setJournalLimits: (limits: JournalLimits) => void;
  /** Appends records and applies patches to earlier ones; returns the new records' seqs. */
  writeJournal: (
    fresh: NewRecord[],
    patches?: (fresh: number[]) => { seq: number; patch: Partial<JournalRecord> }[],
  ) => number[];
  clearJournal: () => void;
};

export const createJournalSlice: StateCreator<JournalSlice, [], [], JournalSlice> = (set, get) => ({
  journal: EMPTY_JOURNAL,
  journalView: EMPTY_JOURNAL,
  showJournal: () => set((s) => (s.journalView === s.journal ? s : { journalView: s.journal })),
  journalLimits: { records: JOURNAL_MAX_RECORDS, bytes: JOURNAL_MAX_BYTES },
  setJournalLimits: (journalLimits) => set({ journalLimits }),
  writeJournal: (fresh, patches) => {
    const { journal, seqs } = appendRecords(get().journal, fresh, get().journalLimits);
    const next = patches ? patchRecords(journal, patches(seqs)) : journal;
    if (next !== get().journal) set({ journal: next });
    return seqs;
  },
  // Counters restart too: a cleared journal is a new recording.
  clearJournal: () =>
    set((s) => {
      const journal = makeJournal({ ...fieldsOf(EMPTY_JOURNAL), nextSeq: s.journal.nextSeq });
      return { journal, journalView: journal };
    }),
});

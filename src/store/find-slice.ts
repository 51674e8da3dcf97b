/**
 * Find and filter state (issue 8): each list pane's filter (free text and structured filters,
 * journal-filter.ts), kept in the store so a tab switch or a layout change loses nothing; and the
 * imported journal, a colleague's recording opened read-only beside the live journal, never
 * mixed into it (docs/journal-format.md).
 */
import type { StateCreator } from 'zustand';

import { importNdjson, type JournalExportHeader } from './journal-export.ts';
import type { JournalQuery } from './journal-filter.ts';
import type { JournalRecord } from './journal.ts';

/** The panes with a filter box: each device primitive's list, the hub's, the journal view. */
export type FindPane = 'telemetry' | 'c2d' | 'twin' | 'methods' | 'hub' | 'journal';

export type ImportedJournal = {
  fileName: string;
  header: JournalExportHeader;
  records: JournalRecord[];
};

export type FindSlice = {
  filters: Partial<Record<FindPane, JournalQuery>>;
  setFilter: (pane: FindPane, query: JournalQuery) => void;
  imported: ImportedJournal | undefined;
  /** Why the last import failed, with the line (importNdjson), until the next import or close. */
  importError: string | undefined;
  /** Reads an NDJSON export into the imported slot; false (and importError) when it is not one. */
  importJournal: (fileName: string, text: string) => boolean;
  closeImported: () => void;
};

export const createFindSlice: StateCreator<FindSlice, [], [], FindSlice> = (set) => ({
  filters: {},
  setFilter: (pane, query) => set((s) => ({ filters: { ...s.filters, [pane]: query } })),
  imported: undefined,
  importError: undefined,
  importJournal: (fileName, text) => {
    const parsed = importNdjson(text);
    if (!parsed.ok) {
      set({ importError: `${fileName}: ${parsed.error}` });
      return false;
    }
    set({ imported: { fileName, ...parsed.value }, importError: undefined });
    return true;
  },
  closeImported: () => set({ imported: undefined, importError: undefined }),
});

/** Whether a query filters anything (an empty one shows every record). */
export function isActive(q: JournalQuery | undefined): boolean {
  if (!q) return false;
  return (
    (q.text ?? '').trim() !== '' ||
    (q.kinds?.length ?? 0) > 0 ||
    (q.directions?.length ?? 0) > 0 ||
    q.property !== undefined ||
    q.acknowledged !== undefined ||
    q.from !== undefined ||
    q.to !== undefined
  );
}

// React access to a pane's filter (find-slice.ts): its query from the store, the items it lets
// through, "N of M", highlight ranges and export files, for the presentational filter components
// (src/components/filter-box.tsx, record-actions.tsx, highlight.tsx).
import { useCallback, useDeferredValue, useMemo } from 'react';

import type { FindPane } from './find-slice.ts';
import { exportFile, filterPaired, identityFilePart, type ExportFormat } from './find-view.ts';
import type { JournalQuery } from './journal-filter.ts';
import { findMatches, type MatchRange } from './journal-search-text.ts';
import type { JournalRecord } from './journal.ts';
import { recordCopies, type RecordCopy } from './pane-records.ts';
import { useConsoleStore } from './store.ts';

const NO_QUERY: JournalQuery = {};

export type PaneFind<T> = {
  query: JournalQuery;
  setQuery: (q: JournalQuery) => void;
  /** The items that match, in their order. */
  shown: T[];
  total: number;
  /** Where the free text matches `text`, for <Highlight>. */
  highlight: (text: string) => MatchRange[];
  copiesOf: (item: T) => RecordCopy[];
  /** The filtered view as a file (what the pane shows, all of it, not just the rows on screen). */
  exportView: (format: ExportFormat) => { name: string; text: string; type: string };
  /** Props of <FilterBox> (src/components/filter-box.tsx), kinds and directions aside. */
  box: {
    value: JournalQuery;
    onChange: (q: JournalQuery) => void;
    shown: number;
    total: number;
    exports: { label: string; file: () => { name: string; text: string; type: string } }[];
  };
};

export function usePaneFind<T>(
  pane: FindPane,
  items: readonly T[],
  /** Each item as a journal record (pane-records.ts); none when the items are records. */
  toRecord: ((item: T) => JournalRecord) | undefined,
  /** Fixed parts of the query the pane always applies (the journal view's identity). */
  base?: JournalQuery,
): PaneFind<T> {
  const query = useConsoleStore((s) => s.filters[pane]) ?? NO_QUERY;
  const identity = useConsoleStore((s) => s.connection.identity);
  const setQuery = useCallback(
    (q: JournalQuery) => useConsoleStore.getState().setFilter(pane, q),
    [pane],
  );
  // Typing stays responsive: React renders the box with the new text first, the list after.
  const deferred = useDeferredValue(query);
  const paired = useMemo(
    () => (toRecord ? items.map(toRecord) : (items as readonly unknown[] as JournalRecord[])),
    [items, toRecord],
  );
  const shown = useMemo(
    () => filterPaired(items, paired, base ? { ...deferred, ...base } : deferred),
    [items, paired, deferred, base],
  );
  const text = deferred.text ?? '';
  const highlight = useCallback((t: string) => findMatches(t, text), [text]);
  const copiesOf = useCallback(
    (item: T) => recordCopies(toRecord ? toRecord(item) : (item as unknown as JournalRecord)),
    [toRecord],
  );
  const exportView = useCallback(
    (format: ExportFormat) => {
      const byItem = new Map<unknown, JournalRecord>();
      items.forEach((item, i) => byItem.set(item, paired[i] as JournalRecord));
      const chosen = shown.map((item) => byItem.get(item) as JournalRecord);
      const who = identity
        ? identityFilePart(`${identity.hostName}/${identity.deviceId}/${identity.moduleId ?? ''}`)
        : undefined;
      return exportFile(chosen, format, { identity: who, what: pane });
    },
    [items, paired, shown, identity, pane],
  );
  const box = useMemo(
    () => ({
      value: query,
      onChange: setQuery,
      shown: shown.length,
      total: items.length,
      exports: [
        { label: 'Export view as NDJSON', file: () => exportView('ndjson') },
        { label: 'Export view as CSV', file: () => exportView('csv') },
      ],
    }),
    [query, setQuery, shown.length, items.length, exportView],
  );
  return { query, setQuery, shown, total: items.length, highlight, copiesOf, exportView, box };
}

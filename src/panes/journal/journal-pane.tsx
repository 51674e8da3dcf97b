// The journal view (issue 8): every message record of the connected identity, newest first,
// virtualised (the MQTT packets, kind `protocol`, are the Timeline pane's; "Export whole journal"
// still carries them); filter, copy and export like every list pane. Or, after an import, a colleague's
// recording, read-only, until it is closed.
import { useMemo } from 'react';

import { FilteredList } from '../../components/filtered-list.tsx';
import { PaneCard } from '../../components/pane-card.tsx';
import { keyOf } from '../../store/device-slice.ts';
import { exportFile, identityFilePart } from '../../store/find-view.ts';
import type { JournalDirection, JournalKind, JournalRecord } from '../../store/journal.ts';
import { useConsoleStore } from '../../store/store.ts';
import { usePaneFind } from '../../store/use-find.ts';

import { ImportBanner, ImportJournalButton } from './import-journal.tsx';
import { JournalRow } from './journal-row.tsx';

const KINDS: JournalKind[] = ['telemetry', 'c2d', 'twin', 'desired', 'method', 'connection'];
const DIRECTIONS: JournalDirection[] = ['in', 'out', 'local'];

export function JournalPane() {
  const identity = keyOf(useConsoleStore((s) => s.connection.identity));
  const live = useConsoleStore((s) => s.journalView.records);
  const imported = useConsoleStore((s) => s.imported);
  const mine = useMemo(() => {
    const own = live.filter(
      (r) => r.kind !== 'protocol' && (identity === undefined || r.identity === identity),
    );
    // The same array when nothing was left out, so the filter's search-text cache holds.
    return own.length === live.length ? live : own;
  }, [live, identity]);
  const importedMessages = useMemo(
    () => imported?.records.filter((r) => r.kind !== 'protocol'),
    [imported],
  );
  const items = importedMessages ?? mine;
  const find = usePaneFind<JournalRecord>('journal', items, undefined);
  const exports = useMemo(
    () =>
      imported
        ? find.box.exports
        : [
            ...find.box.exports,
            {
              label: 'Export whole journal as NDJSON',
              file: () =>
                exportFile(useConsoleStore.getState().journal.records, 'ndjson', {
                  identity: identityFilePart(identity),
                  what: 'journal',
                }),
            },
            {
              label: 'Export whole journal as CSV',
              file: () =>
                exportFile(useConsoleStore.getState().journal.records, 'csv', {
                  identity: identityFilePart(identity),
                  what: 'journal',
                }),
            },
          ],
    [imported, find.box.exports, identity],
  );
  return (
    <PaneCard title="Journal" actions={<ImportJournalButton />}>
      <ImportBanner />
      <FilteredList
        find={{ ...find, box: { ...find.box, exports } }}
        kinds={KINDS}
        directions={DIRECTIONS}
        label={imported ? 'Imported journal records' : 'Journal records'}
        getKey={(r) => `${r.seq}`}
        renderItem={(r) => <JournalRow record={r} />}
        height={420}
        estimateSize={76}
        noMatch="No record matches the filter."
        empty="Nothing recorded yet: every message in and out of the connected device shows here."
      />
    </PaneCard>
  );
}

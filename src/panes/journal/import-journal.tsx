// Opens a colleague's recording (an NDJSON export, docs/journal-format.md) read-only in the
// journal view; it never mixes into the live journal (find-slice.ts keeps it apart).
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useRef } from 'react';

import { useConsoleStore } from '../../store/store.ts';

export function ImportJournalButton() {
  const input = useRef<HTMLInputElement>(null);
  const importJournal = useConsoleStore((s) => s.importJournal);
  return (
    <>
      <Button size="small" onClick={() => input.current?.click()}>
        Import NDJSON
      </Button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label="Import NDJSON file"
        accept=".ndjson,.jsonl,application/x-ndjson"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) importJournal(file.name, await file.text());
        }}
      />
    </>
  );
}

export function ImportBanner() {
  const imported = useConsoleStore((s) => s.imported);
  const error = useConsoleStore((s) => s.importError);
  const close = useConsoleStore((s) => s.closeImported);
  if (error)
    return (
      <Alert severity="error" onClose={close}>
        Could not import {error}
      </Alert>
    );
  if (!imported) return null;
  const when = imported.header.exportedAt ? `, exported ${imported.header.exportedAt}` : '';
  return (
    <Alert
      severity="info"
      action={
        <Button size="small" color="inherit" onClick={close}>
          Close imported journal
        </Button>
      }
    >
      <span aria-label="Imported journal">Imported: {imported.fileName} (read-only)</span>
      {` · ${imported.records.length} records${when}`}
    </Alert>
  );
}

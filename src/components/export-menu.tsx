// "Export": the pane's filtered view as NDJSON (lossless, docs/journal-format.md) or CSV, plus
// any extra entries the pane offers (the journal view's whole journal).
import Button from '@mui/material/Button';
import { useState } from 'react';

import { downloadFile, type DownloadFile } from './download.ts';
import { LazyPopupMenu } from './lazy-popup-menu.tsx';

export type ExportEntry = { label: string; file: () => DownloadFile };

export function ExportMenu({ entries }: { entries: readonly ExportEntry[] }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
      >
        Export
      </Button>
      <LazyPopupMenu
        anchor={anchor}
        onClose={() => setAnchor(null)}
        items={entries.map((entry) => ({
          label: entry.label,
          onClick: () => {
            setAnchor(null);
            downloadFile(entry.file());
          },
        }))}
      />
    </>
  );
}

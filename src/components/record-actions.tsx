// A row's menu (issue 8, "Copy and export"): copy the body, topic, properties or the whole record
// as JSON. The texts come from the pane (src/store/pane-records.ts); this only copies them.
import Button from '@mui/material/Button';
import { useState, type ReactNode } from 'react';

import { LazyPopupMenu } from './lazy-popup-menu.tsx';

export type CopyEntry = { label: string; text: () => string };

export function CopyMenu({
  entries,
  label,
  buttonText = '⋯',
}: {
  entries: () => readonly CopyEntry[];
  /** Accessible name of the button. */
  label: string;
  buttonText?: string;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [done, setDone] = useState<string | undefined>();
  const copy = async (entry: CopyEntry) => {
    setAnchor(null);
    try {
      await navigator.clipboard.writeText(entry.text());
      setDone(`${entry.label.replace(/^Copy /, 'Copied ')}`);
    } catch (e) {
      setDone(`Could not copy: ${(e as Error).message}`);
    }
  };
  return (
    <>
      <Button
        size="small"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ minWidth: 0, px: 1, flexShrink: 0 }}
      >
        {buttonText}
      </Button>
      <LazyPopupMenu
        anchor={anchor}
        onClose={() => setAnchor(null)}
        items={
          anchor === null
            ? []
            : entries().map((entry) => ({ label: entry.label, onClick: () => void copy(entry) }))
        }
        notice={done}
        onNoticeClose={() => setDone(undefined)}
      />
    </>
  );
}

/** A list row with its copy menu at the right. */
export function RecordActions({
  entries,
  children,
}: {
  entries: () => readonly CopyEntry[];
  children: ReactNode;
}) {
  return (
    <div style={{ display: 'flex', alignItems: 'flex-start', minWidth: 0 }}>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
      <CopyMenu entries={entries} label="Record actions" />
    </div>
  );
}

// Telemetry (device-to-cloud): compose and send; every sent message with its state.
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';

import { FilteredList } from '../../components/filtered-list.tsx';
import { PaneCard } from '../../components/pane-card.tsx';
import { keyOf } from '../../store/device-slice.ts';
import { sentTelemetryRecord } from '../../store/pane-records.ts';
import { useConsoleStore } from '../../store/store.ts';
import type { SentTelemetry as Sent } from '../../store/telemetry-slice.ts';
import { usePaneFind } from '../../store/use-find.ts';

import { SentRow } from './sent-row.tsx';
import { TelemetryComposer } from './telemetry-composer.tsx';

export function TelemetryPane({ dark }: { dark: boolean }) {
  const clear = useConsoleStore((s) => s.clearTelemetry);
  return (
    <PaneCard
      title="Telemetry"
      actions={
        <Button size="small" onClick={clear}>
          Clear sent messages
        </Button>
      }
    >
      <TelemetryComposer dark={dark} />
      <SentTelemetry />
    </PaneCard>
  );
}

/**
 * Counts and the list of sent messages, apart from the composer and from each other: during a
 * repeat the counts change every frame and re-render only their line; the list re-renders only
 * when bind-port.ts refreshes `shown` (docs/benchmarks.md, console profile).
 */
function SentTelemetry() {
  return (
    <>
      <SentCounts />
      <SentList />
    </>
  );
}

function SentCounts() {
  const text = useConsoleStore((s) => {
    const t = s.telemetry;
    const dropped = t.dropped > 0 ? ` · ${t.dropped} older not shown` : '';
    return `Sent ${t.items.length + t.dropped} · acknowledged ${t.acknowledged} · failed ${t.failed}${dropped}`;
  });
  return (
    <Typography variant="body2" color="text.secondary">
      {text}
    </Typography>
  );
}

function SentList() {
  const shown = useConsoleStore((s) => s.telemetry.shown);
  const identity = keyOf(useConsoleStore((s) => s.connection.identity)) ?? '';
  const toRecord = useCallback((m: Sent) => sentTelemetryRecord(m, identity), [identity]);
  const find = usePaneFind('telemetry', shown, toRecord);
  return (
    <FilteredList
      find={find}
      label="Sent telemetry"
      getKey={(m) => m.id}
      renderItem={(m) => <SentRow item={m} />}
      height={260}
      noMatch="No sent message matches the filter."
      empty="No telemetry sent yet. Once connected, write a body above and press Send telemetry: each message shows here with its state."
    />
  );
}

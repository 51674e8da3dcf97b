// Cloud-to-device messages of the connected identity, live: a view over the journal with an exact
// count, pause (keeps counting), clear.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';

import { FilteredList } from '../../components/filtered-list.tsx';
import { PaneCard } from '../../components/pane-card.tsx';
import { c2dView } from '../../store/c2d-slice.ts';
import { keyOf } from '../../store/device-slice.ts';
import { useConsoleStore } from '../../store/store.ts';
import { usePaneFind } from '../../store/use-find.ts';

import { C2dRow } from './c2d-row.tsx';

export function C2dPane() {
  const state = useConsoleStore((s) => s.c2d);
  const identity = keyOf(useConsoleStore((s) => s.connection.identity));
  // The list from the journal view that bind-port.ts refreshes at most every 200 ms.
  const journalView = useConsoleStore((s) => s.journalView);
  const list = useMemo(() => c2dView(journalView, state, identity), [journalView, state, identity]);
  const paused = state.paused !== undefined;
  const setPaused = useConsoleStore((s) => s.setC2dPaused);
  const clear = useConsoleStore((s) => s.clearC2d);
  const hasHub = useConsoleStore((s) => s.hub.availability === 'emulator');
  const find = usePaneFind('c2d', list.items, undefined);
  return (
    <PaneCard
      title="C2D messages"
      actions={
        <>
          <Button size="small" onClick={() => setPaused(!paused, identity)} aria-pressed={paused}>
            {paused ? 'Resume' : 'Pause'}
          </Button>
          <Button size="small" onClick={() => clear(identity)}>
            Clear C2D messages
          </Button>
        </>
      }
    >
      <C2dCount identity={identity} listed={list.items.length} />
      <Alert severity="info" variant="outlined">
        Over MQTT, IoT Hub completes a C2D message when the device receives it: it cannot be
        rejected or abandoned (that needs AMQP or HTTPS).
      </Alert>
      <FilteredList
        find={find}
        label="Received C2D messages"
        getKey={(m) => String(m.seq)}
        renderItem={(m) => <C2dRow message={m} ordinal={list.ordinalOf(m)} />}
        height={360}
        estimateSize={80}
        noMatch="No C2D message matches the filter."
        empty={`No C2D messages received yet. Send one from ${hasHub ? 'the hub panel or ' : ''}your service (az iot device c2d-message send); it shows here while connected.`}
      />
    </PaneCard>
  );
}

/** The count, from the live journal: it changes every frame during a flood, and alone re-renders. */
function C2dCount({ identity, listed }: { identity: string | undefined; listed: number }) {
  const state = useConsoleStore((s) => s.c2d);
  const live = c2dView(
    useConsoleStore((s) => s.journal),
    state,
    identity,
    0,
  );
  const notShown = Math.max(0, live.total - live.waiting - listed);
  return (
    <Typography variant="body2" aria-label="C2D count">
      Received {live.total}
      {state.paused ? ` · paused, ${live.waiting} waiting` : ''}
      {notShown > 0 ? ` · ${notShown} older not shown` : ''}
    </Typography>
  );
}

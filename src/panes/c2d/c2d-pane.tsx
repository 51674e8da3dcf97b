// Cloud-to-device messages, live: count, pause (keeps counting), clear.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

import { MessageList } from '../../components/message-list.tsx';
import { PaneCard } from '../../components/pane-card.tsx';
import { useConsoleStore } from '../../store/store.ts';

import { C2dRow } from './c2d-row.tsx';

export function C2dPane() {
  const c2d = useConsoleStore((s) => s.c2d);
  const setPaused = useConsoleStore((s) => s.setC2dPaused);
  const clear = useConsoleStore((s) => s.clearC2d);
  const hasHub = useConsoleStore((s) => s.hub.availability === 'emulator');
  return (
    <PaneCard
      title="C2D messages"
      actions={
        <>
          <Button size="small" onClick={() => setPaused(!c2d.paused)} aria-pressed={c2d.paused}>
            {c2d.paused ? 'Resume' : 'Pause'}
          </Button>
          <Button size="small" onClick={clear}>
            Clear C2D messages
          </Button>
        </>
      }
    >
      <Typography variant="body2" aria-label="C2D count">
        Received {c2d.total}
        {c2d.paused ? ` · paused, ${c2d.held.length} waiting` : ''}
        {c2d.dropped > 0 ? ` · ${c2d.dropped} older not shown` : ''}
      </Typography>
      <Alert severity="info" variant="outlined">
        Over MQTT, IoT Hub completes a C2D message when the device receives it: it cannot be
        rejected or abandoned (that needs AMQP or HTTPS).
      </Alert>
      <MessageList
        label="Received C2D messages"
        items={c2d.items}
        getKey={(m) => String(m.seq)}
        renderItem={(m) => <C2dRow message={m} />}
        height={360}
        estimateSize={80}
        empty={`No C2D messages received yet. Send one from ${hasHub ? 'the hub panel or ' : ''}your service (az iot device c2d-message send); it shows here while connected.`}
      />
    </PaneCard>
  );
}

// The protocol timeline (docs/timeline.md): everything that crossed the wire for the connected
// identity, oldest first, as a sequence diagram between the Device and IoT Hub; a view of the
// journal's `protocol` records, oldest first, following the newest while scrolled to the end.
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';

import { MessageList } from '../../components/message-list.tsx';
import { PaneCard } from '../../components/pane-card.tsx';
import { keyOf } from '../../store/device-slice.ts';
import { selectRecords } from '../../store/journal.ts';
import { useConsoleStore } from '../../store/store.ts';

import { TimelineFilter } from './timeline-filter.tsx';
import { filterRows, rowLabel, timelineRows } from './timeline-model.ts';
import { TimelineRow } from './timeline-row.tsx';

/** Newest records the pane lays out; the journal keeps (and exports) more. */
export const TIMELINE_LIMIT = 20_000;

export function TimelinePane() {
  const identity = keyOf(useConsoleStore((s) => s.connection.identity));
  const journalView = useConsoleStore((s) => s.journalView);
  const [filter, setFilter] = useState('');
  const rows = useMemo(
    () => timelineRows(selectRecords(journalView, identity, { kind: 'protocol' }, TIMELINE_LIMIT)),
    [journalView, identity],
  );
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);
  return (
    <PaneCard title="Protocol timeline">
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <TimelineFilter
          value={filter}
          onChange={setFilter}
          shown={shown.length}
          total={rows.length}
        />
      </Stack>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: '3.5em 6.5em minmax(0, 1fr) 6.5em',
          columnGap: 1,
          px: 1,
        }}
      >
        <span />
        <span />
        <Box sx={{ display: 'flex', justifyContent: 'space-between' }}>
          <Typography variant="subtitle2">Device</Typography>
          <Typography variant="subtitle2">IoT Hub</Typography>
        </Box>
        <Typography variant="subtitle2">Latency</Typography>
      </Box>
      <MessageList
        label="Protocol timeline"
        items={shown}
        getKey={(row) => String(row.record.seq)}
        renderItem={(row) => <TimelineRow row={row} />}
        itemLabel={rowLabel}
        oldestFirst
        height={480}
        estimateSize={48}
        empty={
          rows.length === 0
            ? 'Nothing on the wire yet: connect, and every packet shows here in order.'
            : 'No packet matches the filter.'
        }
      />
    </PaneCard>
  );
}

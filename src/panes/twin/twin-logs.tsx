// The desired-update log and the $rid request list.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';

import { FilterBox } from '../../components/filter-box.tsx';
import { Highlight, HighlightScope } from '../../components/highlight.tsx';
import { MessageList } from '../../components/message-list.tsx';
import { RecordActions } from '../../components/record-actions.tsx';
import { TimeStamp } from '../../components/time-stamp.tsx';
import type { DesiredUpdate, TwinRequestUpdate } from '../../device/session-types.ts';
import { keyOf } from '../../store/device-slice.ts';
import { desiredRecord, twinRequestRecord } from '../../store/pane-records.ts';
import { useConsoleStore } from '../../store/store.ts';
import { usePaneFind, type PaneFind } from '../../store/use-find.ts';

function DesiredRow({ u }: { u: DesiredUpdate }) {
  return (
    <Box sx={{ px: 1, py: 0.5 }}>
      <Typography variant="caption" color="text.secondary">
        <TimeStamp at={u.at} /> · $version {u.version} · {u.outcome}
        {u.reason ? ` (${u.reason})` : ''}
      </Typography>
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        <Highlight text={JSON.stringify(u.patch)} />
      </Typography>
    </Box>
  );
}

function RequestRow({ r }: { r: TwinRequestUpdate }) {
  const outcome =
    r.status !== undefined
      ? `${r.status} in ${r.latencyMs ?? 0} ms${r.version !== undefined ? ` · $version ${r.version}` : ''}`
      : (r.error ?? 'waiting…');
  return (
    <Box sx={{ px: 1, py: 0.5 }}>
      <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
        <TimeStamp at={r.sentAt} /> ·{' '}
        <Highlight
          text={`$rid ${r.rid} · ${r.kind === 'get' ? 'GET twin' : 'PATCH reported'} · ${outcome}`}
        />
      </Typography>
      {r.body && (
        <Typography variant="caption" color="error" sx={{ wordBreak: 'break-all' }}>
          {r.body}
        </Typography>
      )}
    </Box>
  );
}

export function TwinLogs() {
  const log = useConsoleStore((s) => s.twin.desiredLog);
  const requests = useConsoleStore((s) => s.twin.requests);
  const hasHub = useConsoleStore((s) => s.hub.availability === 'emulator');
  const identity = keyOf(useConsoleStore((s) => s.connection.identity)) ?? '';
  const toDesired = useCallback((u: DesiredUpdate) => desiredRecord(u, identity), [identity]);
  const toRequest = useCallback(
    (r: TwinRequestUpdate) => twinRequestRecord(r, identity),
    [identity],
  );
  // One filter over both lists (the twin pane's): counted and exported together.
  const desired = usePaneFind('twin', log, toDesired);
  const sent = usePaneFind('twin', requests, toRequest);
  const box = {
    ...desired.box,
    shown: desired.box.shown + sent.box.shown,
    total: desired.box.total + sent.box.total,
    exports: [
      ...desired.box.exports.map((e) => ({
        ...e,
        label: e.label.replace('view', 'desired updates'),
      })),
      ...sent.box.exports.map((e) => ({ ...e, label: e.label.replace('view', 'twin requests') })),
    ],
  };
  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      <FilterBox {...box} />
      <HighlightScope ranges={desired.highlight}>
        <TwinLists desired={desired} sent={sent} hasHub={hasHub} />
      </HighlightScope>
    </Box>
  );
}

function TwinLists({
  desired,
  sent,
  hasHub,
}: {
  desired: PaneFind<DesiredUpdate>;
  sent: PaneFind<TwinRequestUpdate>;
  hasHub: boolean;
}) {
  return (
    <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="subtitle2">Desired updates</Typography>
        <MessageList
          label="Desired updates"
          items={desired.shown}
          getKey={(u) => `${u.version}-${u.at}`}
          renderItem={(u) => (
            <RecordActions entries={() => desired.copiesOf(u)}>
              <DesiredRow u={u} />
            </RecordActions>
          )}
          height={180}
          estimateSize={44}
          empty={`No desired updates yet. Change desired properties from ${hasHub ? 'the hub panel or ' : ''}your service; they arrive here live.`}
        />
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="subtitle2">Twin requests</Typography>
        <MessageList
          label="Twin requests"
          items={sent.shown}
          getKey={(r) => r.rid}
          renderItem={(r) => (
            <RecordActions entries={() => sent.copiesOf(r)}>
              <RequestRow r={r} />
            </RecordActions>
          )}
          height={180}
          estimateSize={32}
          empty="No requests yet: connecting GETs the twin; Refresh and Send reported patch add more."
        />
      </Box>
    </Box>
  );
}

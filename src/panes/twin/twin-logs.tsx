// The desired-update log and the $rid request list.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

import { MessageList } from '../../components/message-list.tsx';
import { TimeStamp } from '../../components/time-stamp.tsx';
import type { DesiredUpdate, TwinRequestUpdate } from '../../device/session-types.ts';
import { useConsoleStore } from '../../store/store.ts';

function DesiredRow({ u }: { u: DesiredUpdate }) {
  return (
    <Box sx={{ px: 1, py: 0.5 }}>
      <Typography variant="caption" color="text.secondary">
        <TimeStamp at={u.at} /> · $version {u.version} · {u.outcome}
        {u.reason ? ` (${u.reason})` : ''}
      </Typography>
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        {JSON.stringify(u.patch)}
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
        <TimeStamp at={r.sentAt} /> · $rid {r.rid} ·{' '}
        {r.kind === 'get' ? 'GET twin' : 'PATCH reported'} · {outcome}
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
  return (
    <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="subtitle2">Desired updates</Typography>
        <MessageList
          label="Desired updates"
          items={log}
          getKey={(u) => `${u.version}-${u.at}`}
          renderItem={(u) => <DesiredRow u={u} />}
          height={180}
          estimateSize={44}
          empty={`No desired updates yet. Change desired properties from ${hasHub ? 'the hub panel or ' : ''}your service; they arrive here live.`}
        />
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="subtitle2">Twin requests</Typography>
        <MessageList
          label="Twin requests"
          items={requests}
          getKey={(r) => r.rid}
          renderItem={(r) => <RequestRow r={r} />}
          height={180}
          estimateSize={32}
          empty="No requests yet: connecting GETs the twin; Refresh and Send reported patch add more."
        />
      </Box>
    </Box>
  );
}

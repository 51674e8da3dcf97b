// One journal record: time to the millisecond, direction, kind, what it is, its topic,
// properties and body (decoded as text, never HTML; binary as hex), matches highlighted.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';

import { Highlight } from '../../components/highlight.tsx';
import { decodePayload } from '../../iothub/payload-decode.ts';
import type { JournalRecord } from '../../store/journal.ts';

const ARROW = { in: '↓ in', out: '↑ out', local: '· local' } as const;
const PREVIEW = 400;

function time(ms: number): string {
  const d = new Date(ms);
  return `${d.toLocaleTimeString()}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function JournalRow({ record: r }: { record: JournalRecord }) {
  const body = useMemo(() => {
    const p = decodePayload(r.body);
    switch (p.kind) {
      case 'json':
        return p.text;
      case 'text':
        return p.text;
      case 'binary':
        return `(binary, hex) ${p.hex}`;
      case 'empty':
        return '';
    }
  }, [r.body]);
  const preview = body.length > PREVIEW ? `${body.slice(0, PREVIEW)}…` : body;
  const props = [
    ...Object.entries(r.properties?.system ?? {}),
    ...Object.entries(r.properties?.application ?? {}),
  ]
    .map(([k, v]) => `${k}=${v}`)
    .join(' · ');
  const meta = [
    time(r.at),
    ARROW[r.direction],
    r.kind,
    r.label,
    r.state,
    r.status !== undefined ? `status ${r.status}` : undefined,
    r.latencyMs !== undefined ? `${r.latencyMs} ms` : undefined,
    r.rid !== undefined ? `$rid ${r.rid}` : undefined,
    `${r.body.length} B`,
  ].filter(Boolean);
  return (
    <Box sx={{ px: 1, py: 0.5 }} title={new Date(r.at).toString()}>
      <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
        <Highlight text={meta.join(' · ')} />
      </Typography>
      {r.topic !== undefined && (
        <Typography
          variant="caption"
          component="div"
          sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
        >
          <Highlight text={r.topic} />
        </Typography>
      )}
      {props && (
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          <Highlight text={props} />
        </Typography>
      )}
      {r.note && (
        <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
          <Highlight text={r.note} />
        </Typography>
      )}
      {preview && (
        <Typography
          variant="body2"
          sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          <Highlight text={preview} />
        </Typography>
      )}
    </Box>
  );
}

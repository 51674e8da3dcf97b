// One row of the protocol timeline, drawn like a line of a sequence diagram: the Device lifeline
// on the left, IoT Hub on the right, an arrow between them with the packet and its meaning, and
// the latency of a response. Text only, never HTML.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

import type { TimelineRow as Row } from './timeline-model.ts';

const time = (at: number) => {
  const d = new Date(at);
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

export function TimelineRow({ row }: { row: Row }) {
  const r = row.record;
  const out = r.direction === 'out';
  const local = r.direction === 'local';
  const head = local ? '◆' : out ? '▶' : '◀';
  const pair =
    row.partner === undefined
      ? ''
      : r.state === 'response'
        ? `↩ ${row.partner}`
        : `→ ${row.partner}`;
  return (
    <Box
      title={new Date(r.at).toString()}
      sx={{
        display: 'grid',
        gridTemplateColumns: '3.5em 6.5em minmax(0, 1fr) 6.5em',
        alignItems: 'center',
        columnGap: 1,
        px: 1,
        py: 0.25,
        fontSize: 13,
      }}
    >
      <Typography variant="caption" color="text.secondary" sx={{ textAlign: 'right' }}>
        {row.n}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
        {time(r.at)}
      </Typography>
      <Box
        sx={{
          borderLeft: 2,
          borderRight: 2,
          borderColor: 'divider',
          px: 1,
          textAlign: local ? 'center' : out ? 'left' : 'right',
          minWidth: 0,
        }}
      >
        <Box
          sx={{
            display: 'flex',
            gap: 1,
            justifyContent: local ? 'center' : out ? 'flex-start' : 'flex-end',
          }}
        >
          <Typography component="span" variant="body2" sx={{ fontWeight: 600 }}>
            {r.label}
          </Typography>
          <Typography
            component="span"
            variant="body2"
            color="text.secondary"
            noWrap
            sx={{ minWidth: 0 }}
            title={r.note}
          >
            {r.note}
          </Typography>
        </Box>
        <Box
          aria-hidden
          sx={{
            display: 'flex',
            alignItems: 'center',
            flexDirection: out ? 'row' : 'row-reverse',
            color: local
              ? 'warning.main'
              : r.state === 'response'
                ? 'success.main'
                : 'primary.main',
          }}
        >
          <Box
            sx={{ flex: 1, borderTop: local ? 1 : 2, borderStyle: local ? 'dashed' : 'solid' }}
          />
          <Box component="span" sx={{ lineHeight: 1 }}>
            {head}
          </Box>
        </Box>
        {r.topic && (
          <Typography
            variant="caption"
            color="text.secondary"
            noWrap
            component="div"
            title={r.topic}
          >
            {r.topic}
          </Typography>
        )}
      </Box>
      <Typography variant="caption" sx={{ fontFamily: 'monospace' }}>
        {r.latencyMs !== undefined ? `${r.latencyMs} ms ` : ''}
        {pair}
      </Typography>
    </Box>
  );
}

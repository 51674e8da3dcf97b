// One sent telemetry message and its state.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

import { Highlight } from '../../components/highlight.tsx';
import type { SentTelemetry } from '../../store/telemetry-slice.ts';

const colors = {
  queued: 'default',
  sending: 'info',
  acknowledged: 'success',
  failed: 'error',
} as const;

export function SentRow({ item }: { item: SentTelemetry }) {
  const label =
    item.state === 'acknowledged'
      ? `acknowledged in ${item.latencyMs ?? 0} ms`
      : item.state === 'failed'
        ? 'failed'
        : item.state;
  const mid = item.properties.system.messageId;
  const props = Object.entries(item.properties.application);
  return (
    <Box sx={{ px: 1, py: 0.75 }} data-state={item.state}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip size="small" color={colors[item.state]} label={label} />
        <Typography variant="caption" color="text.secondary">
          {new Date(item.createdAt).toLocaleTimeString()} · {item.bytes} B{mid ? ` · ${mid}` : ''}
          {item.requeued ? ` · re-sent after reconnect ×${item.requeued}` : ''}
        </Typography>
      </Stack>
      {item.error && (
        <Typography variant="body2" color="error">
          {item.error}
        </Typography>
      )}
      <Typography
        variant="body2"
        sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        <Highlight text={item.body.length > 300 ? `${item.body.slice(0, 300)}…` : item.body} />
      </Typography>
      {props.length > 0 && (
        <Typography variant="caption" sx={{ wordBreak: 'break-all' }}>
          <Highlight text={props.map(([k, v]) => `${k}=${v}`).join(' · ')} />
        </Typography>
      )}
    </Box>
  );
}

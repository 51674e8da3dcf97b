// One sent telemetry message and its state.
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { memo, useMemo } from 'react';

import { Highlight } from '../../components/highlight.tsx';
import { LazyPayloadView } from '../../components/lazy-payload-view.tsx';
import { TimeStamp } from '../../components/time-stamp.tsx';
import { utf8Bytes } from '../../iothub/encoding.ts';
import { payloadKey } from '../../store/payload-slice.ts';
import type { SentTelemetry } from '../../store/telemetry-slice.ts';
import { usePayloadChoice } from '../../store/use-payload-view.ts';

// A pill of the state's colour: plain Box styles, as MUI's Chip would cost the first screen
// (docs/benchmarks.md, initial JavaScript).
const pills = {
  queued: { bgcolor: 'action.selected', color: 'text.primary' },
  sending: { bgcolor: 'info.main', color: 'info.contrastText' },
  acknowledged: { bgcolor: 'success.main', color: 'success.contrastText' },
  failed: { bgcolor: 'error.main', color: 'error.contrastText' },
} as const;

/** Memo: a list refresh re-renders only rows whose message changed (message-list.tsx). */
export const SentRow = memo(function SentRow({ item }: { item: SentTelemetry }) {
  const label =
    item.state === 'acknowledged'
      ? `acknowledged in ${item.latencyMs ?? 0} ms`
      : item.state === 'failed'
        ? 'failed'
        : item.state;
  const choice = usePayloadChoice(payloadKey('telemetry', item.id));
  const sys = item.properties.system;
  const mid = sys.messageId;
  const body = item.body;
  const bytes = useMemo(() => (typeof body === 'string' ? utf8Bytes(body) : body), [body]);
  const props = Object.entries(item.properties.application);
  return (
    <Box sx={{ px: 1, py: 0.75 }} data-state={item.state}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Box
          component="span"
          sx={{
            ...pills[item.state],
            px: 1,
            py: 0.25,
            borderRadius: 4,
            fontSize: 13,
            lineHeight: 1.5,
          }}
        >
          {label}
        </Box>
        <Typography variant="caption" color="text.secondary">
          <TimeStamp at={item.createdAt} />
          {mid ? ` · ${mid}` : ''}
          {item.requeued ? ` · re-sent after reconnect ×${item.requeued}` : ''}
        </Typography>
      </Stack>
      {item.error && (
        <Typography variant="body2" color="error">
          {item.error}
        </Typography>
      )}
      <LazyPayloadView
        bytes={bytes}
        contentType={sys.contentType}
        contentEncoding={sys.contentEncoding}
        {...choice}
        label="Sent body"
      />
      {props.length > 0 && (
        <Typography variant="caption" sx={{ wordBreak: 'break-all' }}>
          <Highlight text={props.map(([k, v]) => `${k}=${v}`).join(' · ')} />
        </Typography>
      )}
    </Box>
  );
});

// One direct-method invocation: name, $rid, payload, time received, time waiting or answered.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMemo, type KeyboardEvent } from 'react';

import { Highlight } from '../../components/highlight.tsx';
import { LazyPayloadView } from '../../components/lazy-payload-view.tsx';
import { clockTime } from '../../components/time-format.ts';
import { TimeStamp } from '../../components/time-stamp.tsx';
import { formatDuration, useNow } from '../../components/use-now.ts';
import { utf8Bytes } from '../../iothub/encoding.ts';
import type { Invocation } from '../../store/methods-slice.ts';
import { payloadKey } from '../../store/payload-slice.ts';
import { usePayloadChoice } from '../../store/use-payload-view.ts';

type Props = { item: Invocation; selected: boolean; onSelect: () => void };

export function InvocationRow({ item, selected, onSelect }: Props) {
  const choice = usePayloadChoice(payloadKey('method', item.rid));
  const open = !item.response;
  const payload = item.payload;
  const bytes = useMemo(() => utf8Bytes(payload), [payload]);
  const now = useNow(1000, open);
  const late =
    item.callerTimedOutAt === undefined
      ? ''
      : ` · too late: the caller (this page's hub panel) got 504101 at ${clockTime(item.callerTimedOutAt)}`;
  const outcome = item.response
    ? `answered ${item.response.status} in ${item.response.latencyMs} ms${item.response.auto ? ' (rule)' : ''}${late}`
    : `waiting ${formatDuration(now - item.receivedAt)}${late}`;
  return (
    <Box
      sx={{
        px: 1,
        py: 0.75,
        cursor: open ? 'pointer' : 'default',
        bgcolor: selected ? 'action.selected' : undefined,
        '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 },
      }}
      onClick={open ? onSelect : undefined}
      // Open invocations are selectable by keyboard too: Tab to one, Enter or Space picks it.
      {...(open
        ? {
            role: 'button',
            tabIndex: 0,
            'aria-pressed': selected,
            onKeyDown: (e: KeyboardEvent) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              onSelect();
            },
          }
        : {})}
    >
      <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
        <strong>
          <Highlight text={item.name} />
        </strong>{' '}
        · $rid {item.rid} · <TimeStamp at={item.receivedAt} /> · {outcome}
      </Typography>
      {item.error && (
        <Typography variant="caption" color="error">
          {item.error}
        </Typography>
      )}
      {payload ? (
        // Its own clicks and keys stay its own: switching the view does not pick the invocation.
        <Box onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <LazyPayloadView
            bytes={bytes}
            // IoT Hub's method payloads are JSON (Microsoft Learn, "Understand and invoke direct
            // methods from IoT Hub", "Method invocation").
            contentType="application/json"
            {...choice}
            label="Method payload"
          />
        </Box>
      ) : (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          (no payload)
        </Typography>
      )}
      {item.response && item.response.payload && (
        <Typography variant="caption" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          → {item.response.payload}
        </Typography>
      )}
    </Box>
  );
}

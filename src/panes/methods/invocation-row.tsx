// One direct-method invocation: name, $rid, payload, time received, time waiting or answered.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { KeyboardEvent } from 'react';

import { Highlight } from '../../components/highlight.tsx';
import { formatDuration, useNow } from '../../components/use-now.ts';
import type { Invocation } from '../../store/methods-slice.ts';

type Props = { item: Invocation; selected: boolean; onSelect: () => void };

export function InvocationRow({ item, selected, onSelect }: Props) {
  const open = !item.response;
  const now = useNow(1000, open);
  const late =
    item.callerTimedOutAt === undefined
      ? ''
      : ` · too late: the caller (this page's hub panel) got 504101 at ${new Date(item.callerTimedOutAt).toLocaleTimeString()}`;
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
        · $rid {item.rid} · {new Date(item.receivedAt).toLocaleTimeString()} · {outcome}
      </Typography>
      {item.error && (
        <Typography variant="caption" color="error">
          {item.error}
        </Typography>
      )}
      <Typography
        variant="body2"
        sx={{ fontFamily: 'monospace', wordBreak: 'break-all', color: 'text.secondary' }}
      >
        <Highlight text={item.payload || '(no payload)'} />
      </Typography>
      {item.response && item.response.payload && (
        <Typography variant="caption" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          → {item.response.payload}
        </Typography>
      )}
    </Box>
  );
}

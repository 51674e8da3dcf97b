// The one role="status" element: the connection state in words.
import Box from '@mui/material/Box';

import { useNow } from '../../components/use-now.ts';
import type { ConnectionStatus } from '../../device/session-types.ts';

export function statusText(status: ConnectionStatus, now: number): string {
  switch (status.state) {
    case 'disconnected':
      return 'Disconnected';
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting': {
      const wait = Math.max(0, Math.ceil((status.nextTryAt - now) / 1000));
      return `Reconnecting (attempt ${status.attempt}, next try in ${wait} s): ${status.reason}`;
    }
    case 'error':
      return status.error.message;
  }
}

const colors: Record<ConnectionStatus['state'], string> = {
  disconnected: 'text.secondary',
  connecting: 'info.main',
  connected: 'success.main',
  reconnecting: 'warning.main',
  error: 'error.main',
};

export function StatusLine({ status }: { status: ConnectionStatus }) {
  const now = useNow(500, status.state === 'reconnecting');
  return (
    <Box
      role="status"
      aria-live="polite"
      sx={{ color: colors[status.state], fontWeight: 600, fontSize: 14, minWidth: 0 }}
    >
      {statusText(status, now)}
    </Box>
  );
}

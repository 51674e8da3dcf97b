// A REST result inline: HTTP status, body as text, latency, and the IoT Hub error explained.
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';

import type { RestResult } from '../../device/hub-service.ts';
import { explainHubError, hubErrorCode } from '../../iothub/hub-errors.ts';

export function HubResult({ label, result }: { label: string; result: RestResult | string }) {
  if (typeof result === 'string') return <Alert severity="error">{result}</Alert>;
  const ok = result.status >= 200 && result.status < 300;
  const code = ok ? undefined : hubErrorCode(result.body);
  const explained = code === undefined ? undefined : explainHubError(code);
  const body =
    result.body === undefined
      ? ''
      : typeof result.body === 'string'
        ? result.body
        : JSON.stringify(result.body, null, 2);
  return (
    <Alert severity={ok ? 'success' : 'error'} aria-label={label}>
      <Typography variant="body2">
        HTTP {result.status} in {result.latencyMs} ms{code ? ` · ${code}` : ''}
      </Typography>
      {explained && <Typography variant="body2">{explained}</Typography>}
      {body && (
        <Typography
          component="pre"
          variant="body2"
          sx={{ m: 0, fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {body}
        </Typography>
      )}
    </Alert>
  );
}

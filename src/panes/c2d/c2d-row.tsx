// One received C2D message: system and application properties, and the body decoded from the
// journal's bytes (as text, never as HTML).
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';

import { Highlight } from '../../components/highlight.tsx';
import { decodePayload, type DecodedPayload } from '../../iothub/payload-decode.ts';
import type { C2dView } from '../../store/c2d-slice.ts';

function bodyText(p: DecodedPayload): string {
  switch (p.kind) {
    case 'json':
      return p.pretty;
    case 'text':
      return p.text;
    case 'binary':
      return p.hex;
    case 'empty':
      return '(empty body)';
  }
}

export function C2dRow({
  message,
  ordinal,
}: {
  message: C2dView['items'][number];
  ordinal: number;
}) {
  const [expanded, setExpanded] = useState(false);
  const payload = useMemo(() => decodePayload(message.body), [message.body]);
  const sys = message.properties?.system ?? {};
  const app = Object.entries(message.properties?.application ?? {});
  const body = bodyText(payload);
  // Folded, a body is one line of its text as sent (not the first line of the pretty JSON, which
  // for an object is just "{"); expanded, it is the pretty form.
  const line = (payload.kind === 'json' ? payload.text : body).replace(/\s*\n\s*/g, ' ');
  const preview = line.length > 160 ? `${line.slice(0, 160)}…` : line;
  const long = preview !== body;
  const meta = [
    `#${ordinal}`,
    new Date(message.at).toLocaleTimeString(),
    sys.messageId && `message id ${sys.messageId}`,
    sys.correlationId && `correlation id ${sys.correlationId}`,
    sys.contentType && `content type ${sys.contentType}`,
    sys.expiryTimeUtc && `expires ${sys.expiryTimeUtc}`,
    `${payload.bytes} B ${payload.kind === 'binary' ? 'binary (hex)' : payload.kind}`,
  ].filter(Boolean);
  return (
    <Box sx={{ px: 1, py: 0.75 }}>
      <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
        {meta.join(' · ')}
      </Typography>
      {app.length > 0 && (
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          <Highlight text={app.map(([k, v]) => `${k}=${v}`).join(' · ')} />
        </Typography>
      )}
      <Typography
        component="pre"
        variant="body2"
        sx={{ m: 0, fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        <Highlight text={expanded || !long ? body : preview} />
      </Typography>
      {long && (
        <Button size="small" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? 'Collapse' : 'Expand'}
        </Button>
      )}
    </Box>
  );
}

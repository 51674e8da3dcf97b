// One received C2D message: system and application properties, and the body from the journal's
// bytes in the view its content type asks for (components/payload-view.tsx; text, never HTML).
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { memo } from 'react';

import { Highlight } from '../../components/highlight.tsx';
import { LazyPayloadView } from '../../components/lazy-payload-view.tsx';
import { TimeStamp } from '../../components/time-stamp.tsx';
import type { C2dView } from '../../store/c2d-slice.ts';
import { payloadKey } from '../../store/payload-slice.ts';
import { usePayloadChoice } from '../../store/use-payload-view.ts';

/** Memo: a list refresh re-renders only rows whose message changed (message-list.tsx). */
export const C2dRow = memo(function C2dRow({
  message,
  ordinal,
}: {
  message: C2dView['items'][number];
  ordinal: number;
}) {
  const choice = usePayloadChoice(payloadKey('journal', message.seq));
  const sys = message.properties?.system ?? {};
  const app = Object.entries(message.properties?.application ?? {});
  const meta = [
    sys.messageId && `message id ${sys.messageId}`,
    sys.correlationId && `correlation id ${sys.correlationId}`,
    sys.userId && `user id ${sys.userId}`,
    sys.contentType && `content type ${sys.contentType}`,
    sys.contentEncoding && `content encoding ${sys.contentEncoding}`,
    sys.expiryTimeUtc && `expires ${sys.expiryTimeUtc}`,
  ].filter(Boolean);
  return (
    <Box sx={{ px: 1, py: 0.75 }}>
      <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
        #{ordinal} · <TimeStamp at={message.at} />
        {meta.map((m) => ` · ${m}`).join('')}
      </Typography>
      {app.length > 0 && (
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          <Highlight text={app.map(([k, v]) => `${k}=${v}`).join(' · ')} />
        </Typography>
      )}
      <LazyPayloadView
        bytes={message.body}
        contentType={sys.contentType}
        contentEncoding={sys.contentEncoding}
        {...choice}
        label="C2D body"
      />
    </Box>
  );
});

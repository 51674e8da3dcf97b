// One telemetry message as the hub received it: the hub's enqueued time beside the device's send
// time and the difference between them, the system properties the hub stamped, and the body in
// the view its content type asks for. The send time is the device's own `iothub-creation-time-utc`
// ($.ctime) when it set one, else, for this page's own messages, when the console sent it
// (Microsoft Learn, "Create and read IoT Hub messages", "System properties of D2C IoT Hub
// messages": iothub-enqueuedtime is stamped by the hub on receipt, iothub-creation-time-utc by
// the device).
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';

import { LazyPayloadView } from '../../components/lazy-payload-view.tsx';
import { formatDelta, parseHubTime } from '../../components/time-format.ts';
import { TimeStamp } from '../../components/time-stamp.tsx';
import type { HubEvent } from '../../device/hub-service.ts';
import { base64ToBytes } from '../../iothub/encoding.ts';
import { payloadKey } from '../../store/payload-slice.ts';
import { usePayloadChoice } from '../../store/use-payload-view.ts';

const EMPTY = new Uint8Array(0);

const pairs = (r: Record<string, string>) =>
  Object.entries(r)
    .map(([k, v]) => `${k}=${v}`)
    .join(' · ');

/** When the device sent it, and who says so. */
export type SentAt = { at: number; by: 'device' | 'console' };

export function HubEventRow({ e, sentByConsole }: { e: HubEvent; sentByConsole?: number }) {
  const bytes = useMemo(() => base64ToBytes(e.bodyBase64) ?? EMPTY, [e.bodyBase64]);
  const choice = usePayloadChoice(payloadKey('hub', e.sequenceNumber));
  const sys = e.systemProperties;
  const enqueued = parseHubTime(sys['iothub-enqueuedtime'] ?? e.enqueuedTime);
  const created = parseHubTime(sys['iothub-creation-time-utc']);
  const sent: SentAt | undefined =
    created !== undefined
      ? { at: created, by: 'device' }
      : sentByConsole !== undefined
        ? { at: sentByConsole, by: 'console' }
        : undefined;
  return (
    <Box sx={{ px: 1, py: 0.5 }}>
      <Typography variant="caption" component="div" sx={{ wordBreak: 'break-all' }}>
        #{e.sequenceNumber}
        {enqueued !== undefined && <TimeStamp at={enqueued} prefix=" · enqueued " />}
        {sent && (
          <>
            <TimeStamp
              at={sent.at}
              prefix={sent.by === 'device' ? ' · created by the device ' : ' · sent by this page '}
            />
            {enqueued !== undefined && ` · ${formatDelta(enqueued - sent.at)} to the hub`}
          </>
        )}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
        {pairs(sys)}
      </Typography>
      {Object.keys(e.properties).length > 0 && (
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          {pairs(e.properties)}
        </Typography>
      )}
      <LazyPayloadView
        bytes={bytes}
        contentType={sys['content-type']}
        contentEncoding={sys['content-encoding']}
        {...choice}
        label="Body received by the hub"
      />
    </Box>
  );
}

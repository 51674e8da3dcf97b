// Telemetry as the hub received it, with the system properties it stamped (polls the emulator).
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useMemo } from 'react';

import { FilteredList } from '../../components/filtered-list.tsx';
import { Highlight } from '../../components/highlight.tsx';
import type { HubEvent, ServiceTarget } from '../../device/hub-service.ts';
import { sentBy } from '../../iothub/service-paths.ts';
import { getHubService } from '../../store/console-session.ts';
import { keyOf } from '../../store/device-slice.ts';
import { hubEventRecord } from '../../store/pane-records.ts';
import { useConsoleStore } from '../../store/store.ts';
import { usePaneFind } from '../../store/use-find.ts';

export const HUB_POLL_MS = 1000;

function EventRow({ e }: { e: HubEvent }) {
  const pairs = (r: Record<string, string>) =>
    Object.entries(r)
      .map(([k, v]) => `${k}=${v}`)
      .join(' · ');
  return (
    <Box sx={{ px: 1, py: 0.5 }}>
      <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
        #{e.sequenceNumber} · {e.enqueuedTime} · {pairs(e.systemProperties)}
      </Typography>
      {Object.keys(e.properties).length > 0 && (
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          <Highlight text={pairs(e.properties)} />
        </Typography>
      )}
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        <Highlight text={e.body ?? `(binary) ${e.bodyBase64}`} />
      </Typography>
    </Box>
  );
}

export function HubTelemetry({ target }: { target: ServiceTarget | undefined }) {
  const events = useConsoleStore((s) => s.hub.events);
  const mine = useMemo(
    () => (target ? events.filter((e) => sentBy(target, e)) : []),
    [events, target],
  );
  const identity = keyOf(useConsoleStore((s) => s.connection.identity)) ?? '';
  const toRecord = useCallback((e: HubEvent) => hubEventRecord(e, identity), [identity]);
  const find = usePaneFind('hub', mine, toRecord);
  const deviceId = target?.deviceId;
  const moduleId = target?.moduleId;
  useEffect(() => {
    const hub = getHubService();
    if (!hub || deviceId === undefined) return;
    let stopped = false;
    const poll = async () => {
      try {
        const after = useConsoleStore.getState().hub.lastSequence;
        const fresh = await hub.events(
          { deviceId, ...(moduleId === undefined ? {} : { moduleId }) },
          after,
        );
        if (!stopped) useConsoleStore.getState().appendHubEvents(fresh);
      } catch {
        // The emulator may be restarting: the next poll tries again.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), HUB_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [deviceId, moduleId]);
  return (
    <FilteredList
      find={find}
      label="Telemetry received by the hub"
      getKey={(e) => String(e.sequenceNumber)}
      renderItem={(e) => <EventRow e={e} />}
      height={220}
      estimateSize={60}
      noMatch="No telemetry matches the filter."
      empty={
        target
          ? 'No telemetry received by the hub yet. Send some from the Telemetry pane.'
          : 'Connect as a device to see the telemetry the hub receives from it.'
      }
    />
  );
}

// Telemetry as the hub received it, with the system properties it stamped (polls the hub service:
// the emulator's log, or what the gateway streamed from a real hub's built-in endpoint).
import { useCallback, useEffect, useMemo } from 'react';

import { FilteredList } from '../../components/filtered-list.tsx';
import type { HubEvent, ServiceTarget } from '../../device/hub-service.ts';
import { sentBy } from '../../iothub/service-paths.ts';
import { getHubService } from '../../store/console-session.ts';
import { keyOf } from '../../store/device-slice.ts';
import { hubEventRecord } from '../../store/pane-records.ts';
import { useConsoleStore } from '../../store/store.ts';
import { usePaneFind } from '../../store/use-find.ts';

import { HubEventRow } from './hub-event-row.tsx';

export const HUB_POLL_MS = 1000;

export function HubTelemetry({ target }: { target: ServiceTarget | undefined }) {
  const events = useConsoleStore((s) => s.hub.events);
  const mine = useMemo(
    () => (target ? events.filter((e) => sentBy(target, e)) : []),
    [events, target],
  );
  const identity = keyOf(useConsoleStore((s) => s.connection.identity)) ?? '';
  const toRecord = useCallback((e: HubEvent) => hubEventRecord(e, identity), [identity]);
  const find = usePaneFind('hub', mine, toRecord);
  // This page's own messages by message id: when it sent them, for those the device did not
  // stamp with a creation time.
  const sentItems = useConsoleStore((s) => s.telemetry.items);
  const sentAt = useMemo(() => {
    const m = new Map<string, number>();
    for (const t of sentItems) {
      const id = t.properties.system.messageId;
      if (id !== undefined) m.set(id, t.createdAt);
    }
    return m;
  }, [sentItems]);
  const deviceId = target?.deviceId;
  const moduleId = target?.moduleId;
  // Another hub (emulator ↔ gateway) is another service to poll.
  const hubKey = useConsoleStore((s) => `${s.hub.target}|${s.hub.hostName ?? ''}`);
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
  }, [deviceId, moduleId, hubKey]);
  return (
    <FilteredList
      find={find}
      label="Telemetry received by the hub"
      getKey={(e) => String(e.sequenceNumber)}
      renderItem={(e) => {
        const mid = e.systemProperties['message-id'];
        const at = mid === undefined ? undefined : sentAt.get(mid);
        return <HubEventRow e={e} {...(at === undefined ? {} : { sentByConsole: at })} />;
      }}
      height={320}
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

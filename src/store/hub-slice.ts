// Hub panel state (cloud side): which hub it acts on (the emulator serving this page, or a real
// hub through the service gateway, docs/gateway.md) and telemetry as that hub received it.
import type { StateCreator } from 'zustand';

import type { HubEvent } from '../device/hub-service.ts';

import { appendCapped, DEFAULT_LIST_LIMIT } from './append-capped.ts';

export type HubAvailability = 'unknown' | 'emulator' | 'none';

export type HubSlice = {
  hub: {
    availability: HubAvailability;
    hostName: string | undefined;
    /** The built-in Event Hubs-compatible endpoint's connection string, when the emulator has one. */
    eventHubConnectionString: string | undefined;
    events: HubEvent[];
    dropped: number;
    lastSequence: number;
    /** Whether a service gateway answered this page (then the panel can act on a real hub). */
    gatewayAvailable: boolean;
    /** Which hub the panel acts on; `hostName` above is that hub's. */
    target: 'emulator' | 'gateway';
    /** The gateway's consumer group for telemetry, and what its reader last reported. */
    consumerGroup: string;
    telemetryNote: string | undefined;
  };
  setHubAvailability: (
    availability: HubAvailability,
    hostName?: string,
    eventHubConnectionString?: string,
  ) => void;
  setGatewayAvailable: (available: boolean) => void;
  /** Switches the panel to another hub; its telemetry list starts empty. */
  setHubTarget: (
    target: 'emulator' | 'gateway',
    hostName: string | undefined,
    consumerGroup?: string,
  ) => void;
  setTelemetryNote: (note: string | undefined) => void;
  appendHubEvents: (events: HubEvent[]) => void;
  clearHubEvents: () => void;
};

export const createHubSlice: StateCreator<HubSlice, [], [], HubSlice> = (set) => ({
  hub: {
    availability: 'unknown',
    hostName: undefined,
    eventHubConnectionString: undefined,
    events: [],
    dropped: 0,
    lastSequence: -1,
    gatewayAvailable: false,
    target: 'emulator',
    consumerGroup: '$Default',
    telemetryNote: undefined,
  },
  setHubAvailability: (availability, hostName, eventHubConnectionString) =>
    set((s) => ({ hub: { ...s.hub, availability, hostName, eventHubConnectionString } })),
  setGatewayAvailable: (gatewayAvailable) => set((s) => ({ hub: { ...s.hub, gatewayAvailable } })),
  setHubTarget: (target, hostName, consumerGroup) =>
    set((s) => ({
      hub: {
        ...s.hub,
        target,
        hostName,
        consumerGroup: consumerGroup ?? s.hub.consumerGroup,
        // Another hub numbers its events afresh: nothing seen before counts.
        events: [],
        dropped: 0,
        lastSequence: -1,
        telemetryNote: undefined,
      },
    })),
  setTelemetryNote: (telemetryNote) => set((s) => ({ hub: { ...s.hub, telemetryNote } })),
  appendHubEvents: (events) =>
    set((s) => {
      // Sequence numbers only grow: anything not newer was seen already.
      const fresh = events
        .filter((e) => e.sequenceNumber > s.hub.lastSequence)
        .sort((a, b) => a.sequenceNumber - b.sequenceNumber);
      if (fresh.length === 0) return s;
      const next = appendCapped(s.hub.events, fresh, DEFAULT_LIST_LIMIT);
      const lastSequence = fresh.at(-1)?.sequenceNumber ?? s.hub.lastSequence;
      return {
        hub: { ...s.hub, events: next.list, dropped: s.hub.dropped + next.dropped, lastSequence },
      };
    }),
  clearHubEvents: () => set((s) => ({ hub: { ...s.hub, events: [], dropped: 0 } })),
});

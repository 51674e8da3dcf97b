// Hub panel state (cloud side, emulator only): availability and telemetry as the hub received it.
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
  };
  setHubAvailability: (
    availability: HubAvailability,
    hostName?: string,
    eventHubConnectionString?: string,
  ) => void;
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
  },
  setHubAvailability: (availability, hostName, eventHubConnectionString) =>
    set((s) => ({ hub: { ...s.hub, availability, hostName, eventHubConnectionString } })),
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

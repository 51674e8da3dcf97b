// The hub panel's requests (send C2D, invoke method, update desired): whether one is under way and
// its last result, per identity. Kept here, not in the forms, so a method call still waiting for
// the device shows its answer after the user switched tabs to answer it by hand.
import type { StateCreator } from 'zustand';

import type { RestResult } from '../device/hub-service.ts';

import type { Identity } from './connection-slice.ts';
import { draftKey } from './drafts-slice.ts';
import { putRecent } from './recent-record.ts';

export type HubRequestKind = 'c2d' | 'method' | 'desired';

/** A result, or why the request never got one (network, emulator gone). */
export type HubOutcome = { busy: boolean; result?: RestResult | string };

export const MAX_HUB_REQUEST_IDENTITIES = 20;

export type HubRequestsSlice = {
  hubRequests: Record<string, Partial<Record<HubRequestKind, HubOutcome>>>;
  /** Runs a request for the connected identity and records its outcome under that identity. */
  runHubRequest: (kind: HubRequestKind, request: () => Promise<RestResult>) => Promise<void>;
};

type WithIdentity = HubRequestsSlice & { connection: { identity: Identity | undefined } };

export const createHubRequestsSlice: StateCreator<WithIdentity, [], [], HubRequestsSlice> = (
  set,
  get,
) => {
  const record = (key: string, kind: HubRequestKind, outcome: HubOutcome) =>
    set((s) => ({
      hubRequests: putRecent(
        s.hubRequests,
        key,
        { ...s.hubRequests[key], [kind]: outcome },
        MAX_HUB_REQUEST_IDENTITIES,
      ),
    }));
  return {
    hubRequests: {},
    runHubRequest: async (kind, request) => {
      // The identity asked about, even if the user connects as another before the answer.
      const key = draftKey(get().connection.identity);
      record(key, kind, { busy: true });
      try {
        record(key, kind, { busy: false, result: await request() });
      } catch (e) {
        record(key, kind, { busy: false, result: `Request failed: ${(e as Error).message}` });
      }
    },
  };
};

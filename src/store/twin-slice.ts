// Twin pane state: desired/reported documents with $version, desired log, $rid request list.
import type { StateCreator } from 'zustand';

import type {
  DesiredUpdate,
  ReportedUpdate,
  TwinDocument,
  TwinRequestUpdate,
} from '../device/session-types.ts';
import { applyTwinPatch, type TwinCollection } from '../iothub/twin.ts';

import { appendCapped } from './append-capped.ts';

export const TWIN_LOG_LIMIT = 1000;

type Doc = Record<string, unknown>;

export type TwinSlice = {
  twin: {
    desired: Doc | undefined;
    reported: Doc | undefined;
    /** Desired keys touched by the latest live update (highlighted). */
    changedKeys: string[];
    /** Desired keys that changed while the console was away (from the last re-GET). */
    awayKeys: string[];
    desiredLog: DesiredUpdate[];
    requests: TwinRequestUpdate[];
    lastPatch: TwinRequestUpdate | undefined;
  };
  setTwinDocument: (doc: TwinDocument) => void;
  applyDesired: (updates: DesiredUpdate[]) => void;
  applyReported: (update: ReportedUpdate) => void;
  applyTwinRequests: (updates: TwinRequestUpdate[]) => void;
  clearTwin: () => void;
};

export const EMPTY_TWIN: TwinSlice['twin'] = {
  desired: undefined,
  reported: undefined,
  changedKeys: [],
  awayKeys: [],
  desiredLog: [],
  requests: [],
  lastPatch: undefined,
};

function merge(doc: Doc | undefined, patch: Doc, version: number | undefined): Doc {
  const merged: Doc = applyTwinPatch((doc ?? {}) as TwinCollection, patch as TwinCollection);
  const $version = version ?? doc?.$version;
  return $version === undefined ? merged : { ...merged, $version };
}

export function upsertRequests(
  list: TwinRequestUpdate[],
  updates: TwinRequestUpdate[],
): TwinRequestUpdate[] {
  const next = [...list];
  const fresh: TwinRequestUpdate[] = [];
  for (const u of updates) {
    const i = next.findLastIndex((r) => r.rid === u.rid);
    const j = fresh.findLastIndex((r) => r.rid === u.rid);
    if (j >= 0) fresh[j] = { ...fresh[j], ...u };
    else if (i >= 0) next[i] = { ...next[i], ...u };
    else fresh.push(u);
  }
  return appendCapped(next, fresh, TWIN_LOG_LIMIT).list;
}

export const createTwinSlice: StateCreator<TwinSlice, [], [], TwinSlice> = (set) => ({
  twin: EMPTY_TWIN,
  setTwinDocument: (doc) =>
    set((s) => ({
      twin: {
        ...s.twin,
        desired: doc.desired,
        reported: doc.reported,
        awayKeys: doc.changedWhileAway,
        changedKeys: doc.changedWhileAway,
      },
    })),
  applyDesired: (updates) =>
    set((s) => {
      let desired = s.twin.desired;
      let changedKeys = s.twin.changedKeys;
      for (const u of updates) {
        if (u.outcome !== 'applied') continue;
        desired = merge(desired, u.patch, u.version);
        changedKeys = Object.keys(u.patch).filter((k) => !k.startsWith('$'));
      }
      const desiredLog = appendCapped(s.twin.desiredLog, updates, TWIN_LOG_LIMIT).list;
      return { twin: { ...s.twin, desired, changedKeys, desiredLog } };
    }),
  applyReported: (u) =>
    set((s) => ({ twin: { ...s.twin, reported: merge(s.twin.reported, u.patch, u.version) } })),
  applyTwinRequests: (updates) =>
    set((s) => {
      const requests = upsertRequests(s.twin.requests, updates);
      const patches = requests.filter((r) => r.kind === 'patch-reported');
      return { twin: { ...s.twin, requests, lastPatch: patches.at(-1) ?? s.twin.lastPatch } };
    }),
  clearTwin: () => set({ twin: EMPTY_TWIN }),
});

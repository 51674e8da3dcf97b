// React access to the drafts and hub panel requests of the connected identity (or of no identity
// before connecting).
import { useCallback } from 'react';

import type { RestResult } from '../device/hub-service.ts';

import type { ConnectionDraft, DraftKind, ScopedDrafts } from './draft-types.ts';
import { draftFor, draftKey } from './drafts-slice.ts';
import type { HubOutcome, HubRequestKind } from './hub-requests-slice.ts';
import { useConsoleStore } from './store.ts';

export function useDraft<K extends DraftKind>(
  kind: K,
): [ScopedDrafts[K], (patch: Partial<ScopedDrafts[K]>) => void] {
  const draft = useConsoleStore((s) => draftFor(s.drafts, draftKey(s.connection.identity), kind));
  const edit = useCallback(
    (patch: Partial<ScopedDrafts[K]>) => useConsoleStore.getState().editDraft(kind, patch),
    [kind],
  );
  return [draft, edit];
}

export function useConnectionDraft(): [ConnectionDraft, (patch: Partial<ConnectionDraft>) => void] {
  const draft = useConsoleStore((s) => s.drafts.connection);
  return [draft, useConsoleStore.getState().editConnectionDraft];
}

/** The connected identity's last hub panel request of this kind, and a way to run a new one. */
export function useHubRequest(
  kind: HubRequestKind,
): [HubOutcome | undefined, (request: () => Promise<RestResult>) => Promise<void>] {
  const outcome = useConsoleStore((s) => s.hubRequests[draftKey(s.connection.identity)]?.[kind]);
  const run = useCallback(
    (request: () => Promise<RestResult>) => useConsoleStore.getState().runHubRequest(kind, request),
    [kind],
  );
  return [outcome, run];
}

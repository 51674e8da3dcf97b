// React access to the drafts of the connected identity (or of no identity before connecting).
import { useCallback } from 'react';

import type { ConnectionDraft, DraftKind, ScopedDrafts } from './draft-types.ts';
import { draftFor, identityKey } from './drafts-slice.ts';
import { useConsoleStore } from './store.ts';

export function useDraft<K extends DraftKind>(
  kind: K,
): [ScopedDrafts[K], (patch: Partial<ScopedDrafts[K]>) => void] {
  const draft = useConsoleStore((s) =>
    draftFor(s.drafts, identityKey(s.connection.identity), kind),
  );
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

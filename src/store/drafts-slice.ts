// Drafts: what the user is typing in every form, kept here rather than in components so a tab
// switch, a resize that swaps the layout, or a reload (drafts-persist.ts) loses nothing.
// Scoped per identity: device-1's reported patch is not device-2's.
import type { StateCreator } from 'zustand';

import type { Identity } from './connection-slice.ts';
import { keyOf } from './device-slice.ts';
import {
  DEFAULT_CONNECTION_DRAFT,
  DEFAULT_DRAFTS,
  type ConnectionDraft,
  type DraftKind,
  type ScopedDrafts,
} from './draft-types.ts';
import { putRecent } from './recent-record.ts';

/** Identities whose drafts are kept; the least recently edited goes first. */
export const MAX_DRAFT_IDENTITIES = 20;

/** Drafts typed before any identity is known (not connected yet). */
export const NO_IDENTITY = '';

/**
 * An auto-response rule's number fields as typed. The rule itself (methods slice) takes a value
 * only once it is a valid number, so clearing the field or a stray letter does not become 0.
 */
export type RuleFieldText = { status?: string; delayMs?: string };

export type DraftsState = {
  /** Per identity key, in order of last edit (oldest first). */
  byIdentity: Record<string, Partial<ScopedDrafts>>;
  /**
   * The draft of each kind edited last, whatever the identity: an identity without its own draft
   * starts from it, so what was typed before connecting is still there once connected.
   */
  latest: Partial<ScopedDrafts>;
  connection: ConnectionDraft;
  /** By rule id. Not kept over a reload, like the rules themselves. */
  ruleFields: Record<string, RuleFieldText>;
};

export type DraftsSlice = {
  drafts: DraftsState;
  editDraft: <K extends DraftKind>(kind: K, patch: Partial<ScopedDrafts[K]>) => void;
  editConnectionDraft: (patch: Partial<ConnectionDraft>) => void;
  editRuleField: (ruleId: string, field: keyof RuleFieldText, text: string) => void;
  /** Replaces every draft (restored from sessionStorage). */
  restoreDrafts: (drafts: DraftsState) => void;
};

export const EMPTY_DRAFTS: DraftsState = {
  byIdentity: {},
  latest: {},
  connection: DEFAULT_CONNECTION_DRAFT,
  ruleFields: {},
};

/** The identity's key, as the rest of the store keys it (hub/device/module), or NO_IDENTITY. */
export function draftKey(identity: Identity | undefined): string {
  return keyOf(identity) ?? NO_IDENTITY;
}

/** The draft of this kind for this identity: its own, else the latest edited, else the default. */
export function draftFor<K extends DraftKind>(
  drafts: DraftsState,
  key: string,
  kind: K,
): ScopedDrafts[K] {
  return drafts.byIdentity[key]?.[kind] ?? drafts.latest[kind] ?? DEFAULT_DRAFTS[kind];
}

export function withDraft<K extends DraftKind>(
  drafts: DraftsState,
  key: string,
  kind: K,
  patch: Partial<ScopedDrafts[K]>,
): DraftsState {
  const next = { ...draftFor(drafts, key, kind), ...patch };
  const own = { ...drafts.byIdentity[key], [kind]: next };
  const byIdentity = putRecent(drafts.byIdentity, key, own, MAX_DRAFT_IDENTITIES);
  return { ...drafts, byIdentity, latest: { ...drafts.latest, [kind]: next } };
}

type WithIdentity = DraftsSlice & { connection: { identity: Identity | undefined } };

export const createDraftsSlice: StateCreator<WithIdentity, [], [], DraftsSlice> = (set) => ({
  drafts: EMPTY_DRAFTS,
  editDraft: (kind, patch) =>
    set((s) => ({
      drafts: withDraft(s.drafts, draftKey(s.connection.identity), kind, patch),
    })),
  editConnectionDraft: (patch) =>
    set((s) => ({ drafts: { ...s.drafts, connection: { ...s.drafts.connection, ...patch } } })),
  editRuleField: (ruleId, field, text) =>
    set((s) => {
      const ruleFields = { ...s.drafts.ruleFields };
      ruleFields[ruleId] = { ...ruleFields[ruleId], [field]: text };
      return { drafts: { ...s.drafts, ruleFields } };
    }),
  restoreDrafts: (drafts) => set({ drafts }),
});

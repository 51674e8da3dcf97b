// Drafts survive a reload through sessionStorage: per tab, gone when the tab closes. Versioned,
// bounded, and read field by field so a bad or old entry costs only what is bad in it. Only the
// drafts slice is written, and it holds no secret (the connection string stays in memory).
import { SEND_FORMATS } from '../iothub/decoders/send-formats.ts';

import {
  DEFAULT_CONNECTION_DRAFT,
  DEFAULT_DRAFTS,
  type DraftKind,
  type ScopedDrafts,
} from './draft-types.ts';
import { EMPTY_DRAFTS, MAX_DRAFT_IDENTITIES, type DraftsState } from './drafts-slice.ts';
import type { ConsoleStore } from './store.ts';

export const DRAFTS_STORAGE_KEY = 'iothub-console.drafts';
export const DRAFTS_VERSION = 1;
/** sessionStorage holds about 5 M characters per origin; drafts take at most a fifth of it. */
export const MAX_STORED_CHARS = 1_000_000;
/** A telemetry body may be 256 KB; longer text is not a draft worth restoring. */
export const MAX_FIELD_CHARS = 300_000;
/** Writes wait for typing to pause; a reload or tab close (pagehide) writes at once. */
export const SAVE_DELAY_MS = 300;

type Stored = { v: number } & Omit<DraftsState, 'ruleFields'>;

/** Only the values a draft field may take: enums for fields whose type alone is too wide. */
const CHOICES: { [K in DraftKind]?: { [F in keyof ScopedDrafts[K]]?: readonly string[] } } = {
  telemetry: { format: SEND_FORMATS },
  hubC2d: {
    format: SEND_FORMATS,
    expiryMode: ['ttl', 'absolute'],
    ack: ['none', 'positive', 'negative', 'full'],
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rows(v: unknown[]): { key: string; value: string }[] {
  return v
    .filter(isRecord)
    .filter((r) => typeof r.key === 'string' && typeof r.value === 'string')
    .slice(0, 100)
    .map((r) => ({ key: r.key as string, value: r.value as string }));
}

/** The default shape with every well-typed field of `raw` taken over. */
function sanitize<T extends object>(
  shape: T,
  raw: unknown,
  choices: { readonly [field: string]: readonly string[] | undefined } = {},
): T | undefined {
  if (!isRecord(raw)) return undefined;
  const out: Record<string, unknown> = { ...(shape as Record<string, unknown>) };
  for (const [field, fallback] of Object.entries(shape)) {
    const v = raw[field];
    const allowed = choices[field];
    if (typeof fallback === 'string' && typeof v === 'string') {
      if (v.length <= MAX_FIELD_CHARS && (!allowed || allowed.includes(v))) out[field] = v;
    } else if (typeof fallback === 'boolean' && typeof v === 'boolean') out[field] = v;
    else if (Array.isArray(fallback) && Array.isArray(v)) out[field] = rows(v);
  }
  return out as T;
}

function scoped(raw: unknown): Partial<ScopedDrafts> {
  if (!isRecord(raw)) return {};
  const out: Partial<Record<DraftKind, unknown>> = {};
  for (const kind of Object.keys(DEFAULT_DRAFTS) as DraftKind[]) {
    const draft = sanitize(DEFAULT_DRAFTS[kind], raw[kind], CHOICES[kind]);
    if (draft) out[kind] = draft;
  }
  return out as Partial<ScopedDrafts>;
}

/** Drafts from what sessionStorage held; anything unreadable is left out, never thrown. */
export function parseDrafts(text: string | null): DraftsState {
  if (!text) return EMPTY_DRAFTS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_DRAFTS;
  }
  // Another version's layout is not guessed at: start clean rather than misread it.
  if (!isRecord(raw) || raw.v !== DRAFTS_VERSION) return EMPTY_DRAFTS;
  const byIdentity: Record<string, Partial<ScopedDrafts>> = {};
  if (isRecord(raw.byIdentity)) {
    // Identity keys are "" (not connected) or host/device/module (keyOf); anything else is not ours.
    const keys = Object.keys(raw.byIdentity).filter((k) => k === '' || k.includes('/'));
    for (const key of keys.slice(-MAX_DRAFT_IDENTITIES)) {
      byIdentity[key] = scoped(raw.byIdentity[key]);
    }
  }
  return {
    byIdentity,
    latest: scoped(raw.latest),
    connection: sanitize(DEFAULT_CONNECTION_DRAFT, raw.connection) ?? DEFAULT_CONNECTION_DRAFT,
    ruleFields: {},
  };
}

/** JSON for sessionStorage within MAX_STORED_CHARS, dropping least recently edited identities. */
export function serializeDrafts(drafts: DraftsState, max = MAX_STORED_CHARS): string | undefined {
  const byIdentity = { ...drafts.byIdentity };
  const { latest, connection } = drafts;
  const stored: Stored = { v: DRAFTS_VERSION, byIdentity, latest, connection };
  let text = JSON.stringify(stored);
  for (const key of Object.keys(byIdentity)) {
    if (text.length <= max) return text;
    delete byIdentity[key];
    text = JSON.stringify(stored);
  }
  if (text.length <= max) return text;
  text = JSON.stringify({ ...stored, latest: {} });
  return text.length <= max ? text : undefined;
}

type PageEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/**
 * Restores the drafts from storage, then saves them whenever they change. `page` is where
 * pagehide fires (the window). Returns a stop.
 */
export function persistDrafts(
  store: ConsoleStore,
  storage: Storage,
  page: PageEvents | undefined = typeof addEventListener === 'function' ? globalThis : undefined,
): () => void {
  try {
    store.getState().restoreDrafts(parseDrafts(storage.getItem(DRAFTS_STORAGE_KEY)));
  } catch {
    // Storage disabled (privacy settings): drafts live in memory only.
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    try {
      const text = serializeDrafts(store.getState().drafts);
      if (text === undefined) storage.removeItem(DRAFTS_STORAGE_KEY);
      else storage.setItem(DRAFTS_STORAGE_KEY, text);
    } catch {
      // Quota exceeded or storage disabled: the drafts are still in memory.
    }
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.drafts !== prev.drafts && timer === undefined) timer = setTimeout(save, SAVE_DELAY_MS);
  });
  const onHide = () => {
    if (timer !== undefined) save();
  };
  page?.addEventListener('pagehide', onHide);
  return () => {
    unsubscribe();
    page?.removeEventListener('pagehide', onHide);
    if (timer !== undefined) save();
  };
}

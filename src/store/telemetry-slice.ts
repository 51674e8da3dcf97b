// Telemetry pane state: every sent message with its state (queued, sending, acknowledged, failed).
import type { StateCreator } from 'zustand';

import type { TelemetryBody, TelemetryState, TelemetryUpdate } from '../device/session-types.ts';
import type { MessageProperties } from '../iothub/property-bag.ts';

import { appendCapped, DEFAULT_LIST_LIMIT } from './append-capped.ts';

export type SentTelemetry = {
  id: string;
  state: TelemetryState;
  createdAt: number;
  updatedAt: number;
  topic: string;
  body: TelemetryBody;
  properties: MessageProperties;
  bytes: number;
  latencyMs?: number;
  error?: string;
  /** How many times it went back to the queue (dropped connection before PUBACK). */
  requeued: number;
};

export type TelemetrySlice = {
  telemetry: {
    items: SentTelemetry[];
    /** `items` as the list shows them: refreshed by showTelemetry (bind-port.ts throttles it). */
    shown: SentTelemetry[];
    dropped: number;
    acknowledged: number;
    failed: number;
  };
  showTelemetry: () => void;
  applyTelemetry: (updates: TelemetryUpdate[]) => void;
  clearTelemetry: () => void;
};

export const EMPTY_TELEMETRY: TelemetrySlice['telemetry'] = {
  items: [],
  shown: [],
  dropped: 0,
  acknowledged: 0,
  failed: 0,
};

export function reduceTelemetry(
  state: TelemetrySlice['telemetry'],
  updates: TelemetryUpdate[],
  max = DEFAULT_LIST_LIMIT,
): TelemetrySlice['telemetry'] {
  const shown = state.shown;
  const fresh: SentTelemetry[] = [];
  let items = state.items;
  let copied = false;
  let { acknowledged, failed } = state;
  const index = new Map<string, { list: 'old' | 'new'; i: number }>();
  for (const u of updates) {
    if (u.sent) {
      index.set(u.id, { list: 'new', i: fresh.length });
      fresh.push({
        id: u.id,
        state: u.state,
        createdAt: u.at,
        updatedAt: u.at,
        ...u.sent,
        requeued: 0,
      });
      continue;
    }
    let where = index.get(u.id);
    if (!where) {
      const i = findFromEnd(items, u.id);
      if (i < 0) continue; // dropped from the bounded list already
      where = { list: 'old', i };
      index.set(u.id, where);
    }
    if (where.list === 'old' && !copied) {
      items = [...items];
      copied = true;
    }
    const list = where.list === 'old' ? items : fresh;
    const prev = list[where.i];
    if (!prev) continue;
    if (u.state === 'acknowledged') acknowledged++;
    if (u.state === 'failed') failed++;
    const requeued = prev.requeued + (u.state === 'queued' ? 1 : 0);
    list[where.i] = {
      ...prev,
      state: u.state,
      updatedAt: u.at,
      latencyMs: u.latencyMs,
      error: u.error,
      requeued,
    };
  }
  const capped = appendCapped(items, fresh, max);
  return {
    items: capped.list,
    shown,
    dropped: state.dropped + capped.dropped,
    acknowledged,
    failed,
  };
}

function findFromEnd(items: readonly SentTelemetry[], id: string): number {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]?.id === id) return i;
  return -1;
}

export const createTelemetrySlice: StateCreator<TelemetrySlice, [], [], TelemetrySlice> = (
  set,
) => ({
  telemetry: EMPTY_TELEMETRY,
  applyTelemetry: (updates) => set((s) => ({ telemetry: reduceTelemetry(s.telemetry, updates) })),
  clearTelemetry: () => set({ telemetry: EMPTY_TELEMETRY }),
  showTelemetry: () =>
    set((s) =>
      s.telemetry.shown === s.telemetry.items
        ? s
        : { telemetry: { ...s.telemetry, shown: s.telemetry.items } },
    ),
});

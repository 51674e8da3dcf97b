// C2D pane state: received messages (bounded), a running count, pause that keeps counting.
import type { StateCreator } from 'zustand';

import type { C2dMessage } from '../device/session-types.ts';

import { appendCapped, DEFAULT_LIST_LIMIT } from './append-capped.ts';

export type ReceivedC2d = C2dMessage & { seq: number };

export type C2dSlice = {
  c2d: {
    items: ReceivedC2d[];
    /** Received while paused, shown on resume. */
    held: ReceivedC2d[];
    dropped: number;
    total: number;
    paused: boolean;
  };
  appendC2d: (messages: C2dMessage[]) => void;
  setC2dPaused: (paused: boolean) => void;
  clearC2d: () => void;
};

const empty = { items: [], held: [], dropped: 0, total: 0, paused: false };

export const createC2dSlice: StateCreator<C2dSlice, [], [], C2dSlice> = (set) => ({
  c2d: empty,
  appendC2d: (messages) =>
    set((s) => {
      const c = s.c2d;
      const numbered = messages.map((m, i) => ({ ...m, seq: c.total + i + 1 }));
      const total = c.total + messages.length;
      if (c.paused) {
        const held = appendCapped(c.held, numbered, DEFAULT_LIST_LIMIT);
        return { c2d: { ...c, held: held.list, dropped: c.dropped + held.dropped, total } };
      }
      const next = appendCapped(c.items, numbered, DEFAULT_LIST_LIMIT);
      return { c2d: { ...c, items: next.list, dropped: c.dropped + next.dropped, total } };
    }),
  setC2dPaused: (paused) =>
    set((s) => {
      const c = s.c2d;
      if (paused || c.held.length === 0) return { c2d: { ...c, paused } };
      const next = appendCapped(c.items, c.held, DEFAULT_LIST_LIMIT);
      return {
        c2d: { ...c, paused, held: [], items: next.list, dropped: c.dropped + next.dropped },
      };
    }),
  clearC2d: () => set((s) => ({ c2d: { ...empty, paused: s.c2d.paused } })),
});

// Direct methods pane state: invocations (bounded), responses, and auto-response rules.
import type { StateCreator } from 'zustand';

import type { MethodRule } from '../device/method-rules.ts';
import type { MethodRequest, MethodResponse } from '../device/session-types.ts';

import { appendCapped, DEFAULT_LIST_LIMIT } from './append-capped.ts';

export type { MethodRule } from '../device/method-rules.ts';

export type Invocation = MethodRequest & {
  response?: MethodResponse & { auto: boolean };
  error?: string;
  /** When the caller, this page's hub panel, got 504101 (timeout) while this was still open. */
  callerTimedOutAt?: number;
};

export type MethodsSlice = {
  methods: { invocations: Invocation[]; dropped: number; rules: MethodRule[] };
  addInvocations: (requests: MethodRequest[]) => void;
  applyMethodResponses: (responses: (MethodResponse & { auto: boolean })[]) => void;
  setInvocationError: (rid: string, error: string) => void;
  /** This page invoked `name` at `since` and got 504101 at `at`: open invocations of it are late. */
  markCallerTimedOut: (name: string, since: number, at: number) => void;
  addRule: (rule: Omit<MethodRule, 'id'>) => void;
  updateRule: (id: string, patch: Partial<Omit<MethodRule, 'id'>>) => void;
  removeRule: (id: string) => void;
  clearInvocations: () => void;
};

let nextRuleId = 1;

function patchInvocation(
  list: Invocation[],
  rid: string,
  patch: Partial<Invocation>,
): Invocation[] {
  const i = list.findLastIndex((x) => x.rid === rid);
  if (i < 0) return list;
  const next = [...list];
  next[i] = { ...next[i], ...patch } as Invocation;
  return next;
}

export const createMethodsSlice: StateCreator<MethodsSlice, [], [], MethodsSlice> = (set) => ({
  methods: { invocations: [], dropped: 0, rules: [] },
  addInvocations: (requests) =>
    set((s) => {
      const next = appendCapped(s.methods.invocations, requests, DEFAULT_LIST_LIMIT);
      const dropped = s.methods.dropped + next.dropped;
      return { methods: { ...s.methods, invocations: next.list, dropped } };
    }),
  applyMethodResponses: (responses) =>
    set((s) => {
      let invocations = s.methods.invocations;
      for (const r of responses) invocations = patchInvocation(invocations, r.rid, { response: r });
      return { methods: { ...s.methods, invocations } };
    }),
  setInvocationError: (rid, error) =>
    set((s) => ({
      methods: {
        ...s.methods,
        invocations: patchInvocation(s.methods.invocations, rid, { error }),
      },
    })),
  markCallerTimedOut: (name, since, at) =>
    set((s) => {
      let changed = false;
      const invocations = s.methods.invocations.map((x) => {
        if (x.name !== name || x.receivedAt < since || x.response || x.callerTimedOutAt) return x;
        changed = true;
        return { ...x, callerTimedOutAt: at };
      });
      return changed ? { methods: { ...s.methods, invocations } } : s;
    }),
  addRule: (rule) =>
    set((s) => ({
      methods: {
        ...s.methods,
        rules: [...s.methods.rules, { ...rule, id: `rule-${nextRuleId++}` }],
      },
    })),
  updateRule: (id, patch) =>
    set((s) => ({
      methods: {
        ...s.methods,
        rules: s.methods.rules.map((r) => (r.id === id ? { ...r, ...patch } : r)),
      },
    })),
  removeRule: (id) =>
    set((s) => ({ methods: { ...s.methods, rules: s.methods.rules.filter((r) => r.id !== id) } })),
  clearInvocations: () => set((s) => ({ methods: { ...s.methods, invocations: [], dropped: 0 } })),
});

/**
 * THE seam between the device session and the store: session events become store actions,
 * called through getState(). High-rate events are buffered (bounded) and flushed once per
 * animation frame; rare ones (status, SAS, twin document) go straight through. Auto-response
 * rules for direct methods are applied here, without a click.
 */
import type { DeviceSession } from '../device/device-session.ts';
import type {
  C2dMessage,
  DesiredUpdate,
  MethodRequest,
  MethodResponse,
  TelemetryUpdate,
  TwinRequestUpdate,
} from '../device/session-types.ts';

import { appendCapped, DEFAULT_LIST_LIMIT } from './append-capped.ts';
import type { LogEntry } from './connection-slice.ts';
import { createFrameBatcher, type FrameScheduler } from './frame-batcher.ts';
import { findRule } from './methods-slice.ts';
import type { ConsoleStore } from './store.ts';

type Pending = {
  telemetry: TelemetryUpdate[];
  c2d: C2dMessage[];
  desired: DesiredUpdate[];
  twinRequests: TwinRequestUpdate[];
  methods: MethodRequest[];
  responses: (MethodResponse & { auto: boolean })[];
  log: LogEntry[];
};

/** What the seam needs from a session (a DeviceSession, or a stand-in in store tests). */
export type BoundSession = Pick<DeviceSession, 'on' | 'respondToMethod'>;

export function bindSession(
  session: BoundSession,
  store: ConsoleStore,
  schedule?: FrameScheduler,
): () => void {
  const pending: Pending = {
    telemetry: [],
    c2d: [],
    desired: [],
    twinRequests: [],
    methods: [],
    responses: [],
    log: [],
  };
  const autoAnswered = new Set<string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const take = <K extends keyof Pending>(k: K): Pending[K] => {
    const items = pending[k];
    pending[k] = [] as Pending[K];
    return items;
  };
  const batcher = createFrameBatcher(() => {
    const s = store.getState();
    if (pending.telemetry.length) s.applyTelemetry(take('telemetry'));
    if (pending.c2d.length) s.appendC2d(take('c2d'));
    if (pending.twinRequests.length) s.applyTwinRequests(take('twinRequests'));
    if (pending.desired.length) s.applyDesired(take('desired'));
    if (pending.methods.length) s.addInvocations(take('methods'));
    if (pending.responses.length) s.applyMethodResponses(take('responses'));
    if (pending.log.length) s.appendLog(take('log'));
  }, schedule);
  // Bounded even while rAF is paused in a hidden tab (perf A4). Telemetry updates are not capped:
  // each one changes the state of a message the user already sees.
  const push = <K extends Exclude<keyof Pending, 'telemetry'>>(k: K, item: Pending[K][number]) => {
    pending[k] = appendCapped(pending[k] as unknown[], [item], DEFAULT_LIST_LIMIT)
      .list as Pending[K];
    batcher.request();
  };

  const autoRespond = (request: MethodRequest) => {
    const rule = findRule(store.getState().methods.rules, request.name);
    if (!rule) return;
    autoAnswered.add(request.rid);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const result = session.respondToMethod(request.rid, rule.status, rule.payload);
      if (!result.ok && result.error)
        store.getState().setInvocationError(request.rid, result.error);
    }, rule.delayMs);
    timers.add(timer);
  };

  const offs = [
    session.on('status', (status) => store.getState().setStatus(status)),
    session.on('sas', (sas) => store.getState().setSas(sas)),
    session.on('queue', (queue) => store.getState().setQueue(queue)),
    session.on('twin', (doc) => {
      batcher.flushNow(); // keep order: earlier desired updates land before the new document
      store.getState().setTwinDocument(doc);
    }),
    session.on('reported', (update) => {
      batcher.flushNow();
      store.getState().applyReported(update);
    }),
    session.on('telemetry', (u) => {
      pending.telemetry.push(u);
      batcher.request();
    }),
    session.on('c2d', (m) => push('c2d', m)),
    session.on('desired', (d) => push('desired', d)),
    session.on('twin-request', (r) => push('twinRequests', r)),
    session.on('method', (m) => {
      push('methods', m);
      autoRespond(m);
    }),
    session.on('method-response', (r) => {
      push('responses', { ...r, auto: autoAnswered.delete(r.rid) });
    }),
    session.on('log', (entry) => push('log', entry)),
  ];

  return () => {
    for (const off of offs) off();
    for (const timer of timers) clearTimeout(timer);
    batcher.flushNow();
    batcher.cancel();
  };
}

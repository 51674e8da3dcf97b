/**
 * THE seam between the session port and the store: batches of session events become store
 * actions, called through getState(). Messages are buffered and applied once per animation
 * frame (perf A4: React does not batch socket events); status, SAS and the twin document go
 * straight through, after what came before them. Every message also becomes a journal record
 * (journal-records.ts). The buffer is flushed early when it grows past PENDING_LIMIT, so a hidden
 * tab (no animation frames) stays bounded and loses nothing. Rule changes go to the port.
 */
import type { PortEvent, PortEvents, SessionPort } from '../device/session-port.ts';
import type {
  DesiredUpdate,
  MethodRequest,
  MethodResponse,
  TelemetryUpdate,
  TwinRequestUpdate,
} from '../device/session-types.ts';

import type { LogEntry } from './connection-slice.ts';
import { keyOf } from './device-slice.ts';
import { createFrameBatcher, type FrameScheduler } from './frame-batcher.ts';
import { journalBatch } from './journal-records.ts';
import type { ConsoleStore } from './store.ts';

export const PENDING_LIMIT = 5000;
/**
 * How often lists re-render while messages stream in. Counts update every frame; a list showing
 * a flood at 60 frames a second would mount, measure and lay out a new set of rows each frame
 * (docs/benchmarks.md, console profile), which is what made the main thread fall behind.
 */
export const LIST_REFRESH_MS = 200;
/** Telemetry ids whose journal record may still change; the oldest are forgotten past this. */
const OPEN_TELEMETRY_LIMIT = 20_000;

export function bindPort(
  port: SessionPort,
  store: ConsoleStore,
  schedule?: FrameScheduler,
): () => void {
  let pending: PortEvent[] = [];
  const openTelemetry = new Map<string, number>();
  const auto = new Set<string>();

  const flush = () => {
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    const s = store.getState();
    const telemetry: TelemetryUpdate[] = [];
    const twinRequests: TwinRequestUpdate[] = [];
    const desired: DesiredUpdate[] = [];
    const methods: MethodRequest[] = [];
    const responses: (MethodResponse & { auto: boolean })[] = [];
    const log: LogEntry[] = [];
    for (const e of events) {
      if (e.type === 'telemetry') telemetry.push(e.payload);
      else if (e.type === 'twin-request') twinRequests.push(e.payload);
      else if (e.type === 'desired') desired.push(e.payload);
      else if (e.type === 'method') methods.push(e.payload);
      else if (e.type === 'method-response')
        responses.push({ ...e.payload, auto: auto.delete(e.payload.rid) });
      else if (e.type === 'log') log.push(e.payload);
    }
    if (telemetry.length) s.applyTelemetry(telemetry);
    if (twinRequests.length) s.applyTwinRequests(twinRequests);
    if (desired.length) s.applyDesired(desired);
    if (methods.length) s.addInvocations(methods);
    if (responses.length) s.applyMethodResponses(responses);
    if (log.length) s.appendLog(log);
    writeJournal(events);
  };

  const writeJournal = (events: PortEvent[]) => {
    const identity = keyOf(store.getState().connection.identity);
    if (identity === undefined) return;
    const batch = journalBatch(events, identity);
    store.getState().writeJournal(batch.fresh, (seqs) => {
      seqs.forEach((seq, i) => {
        const id = batch.telemetryIds[i];
        if (id !== undefined) openTelemetry.set(id, seq);
      });
      const patches = [];
      for (const u of batch.updates) {
        const seq = openTelemetry.get(u.id);
        if (seq === undefined) continue;
        patches.push({ seq, patch: u.patch });
        if (u.patch.state === 'acknowledged' || u.patch.state === 'failed')
          openTelemetry.delete(u.id);
      }
      for (const id of openTelemetry.keys()) {
        if (openTelemetry.size <= OPEN_TELEMETRY_LIMIT) break;
        openTelemetry.delete(id);
      }
      return patches;
    });
    refreshView();
  };

  let viewTimer: ReturnType<typeof setTimeout> | undefined;
  let viewShownAt = -Infinity;
  const showView = () => {
    viewTimer = undefined;
    viewShownAt = Date.now();
    store.getState().showJournal();
    store.getState().showTelemetry();
  };
  // Always a task of its own, even when due: mounting a list's new rows then runs apart from the
  // frame's store updates, so neither makes one long task of the two (docs/benchmarks.md).
  const refreshView = () => {
    if (viewTimer !== undefined) return;
    const wait = viewShownAt + LIST_REFRESH_MS - Date.now();
    viewTimer = setTimeout(showView, Math.max(0, wait));
  };

  const batcher = createFrameBatcher(flush, schedule);

  // Gauges (queue size, repeat progress) change with every message: only the newest of a batch
  // is applied, once, after the batch (each store update wakes every subscribed component).
  let queue: PortEvents['queue'] | undefined;
  let repeat: PortEvents['repeat'] | undefined;
  const applyGauges = () => {
    const s = store.getState();
    const q = queue;
    if (q && (q.size !== s.connection.queue.size || q.limit !== s.connection.queue.limit))
      s.setQueue(q);
    if (repeat) s.setRepeat(repeat);
    queue = undefined;
    repeat = undefined;
  };

  const onBatch = (batch: PortEvent[]) => {
    for (const e of batch) {
      const s = store.getState();
      switch (e.type) {
        case 'status':
          batcher.flushNow(); // keep order: what came before lands first
          s.setStatus(e.payload);
          writeJournal([e]);
          break;
        case 'sas':
          s.setSas(e.payload);
          break;
        case 'queue':
          queue = e.payload;
          break;
        case 'repeat':
          repeat = e.payload;
          break;
        case 'twin':
          batcher.flushNow();
          s.setTwinDocument(e.payload);
          break;
        case 'reported':
          batcher.flushNow();
          s.applyReported(e.payload);
          break;
        case 'auto-response':
          if (e.payload.error === undefined) auto.add(e.payload.rid);
          else {
            auto.delete(e.payload.rid);
            batcher.flushNow();
            s.setInvocationError(e.payload.rid, e.payload.error);
          }
          break;
        default:
          pending.push(e);
      }
    }
    applyGauges();
    if (pending.length >= PENDING_LIMIT) batcher.flushNow();
    else if (pending.length > 0) batcher.request();
  };

  const offs = [
    port.subscribe(onBatch),
    // Rules run in the session (the worker): every change is sent there.
    store.subscribe((s, prev) => {
      if (s.methods.rules !== prev.methods.rules)
        port.call('set-rules', s.methods.rules).catch(() => undefined);
    }),
  ];

  return () => {
    for (const off of offs) off();
    batcher.flushNow();
    batcher.cancel();
    clearTimeout(viewTimer);
  };
}

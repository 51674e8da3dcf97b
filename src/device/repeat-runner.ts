/**
 * Repeated telemetry, run inside the session host (the worker) so a tab switch, a narrow layout or
 * a hidden tab changes nothing (issue 7, bug 1). Every N ms on a drift-free schedule (a late timer
 * sends what is due, at most CATCH_UP per tick), or with interval 0 as fast as IoT Hub
 * acknowledges, keeping at most REPEAT_WINDOW messages in flight (QoS 1, spec §3.1).
 */
import type { RepeatProgress, RepeatSpec } from './session-port.ts';
import type { TelemetryUpdate } from './session-types.ts';

export const REPEAT_WINDOW = 32;
export const MAX_REPEAT_COUNT = 1_000_000;
const CATCH_UP = 100;

export type RepeatDeps = {
  /** Sends one message: its telemetry id, and the error when it failed at once (not queued). */
  send: (spec: RepeatSpec) => { id: string; error?: string };
  progress: (p: RepeatProgress) => void;
  now?: () => number;
};

export class RepeatRunner {
  #deps: RepeatDeps;
  #spec: RepeatSpec | undefined;
  #state: RepeatProgress | undefined;
  #ids = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: RepeatDeps) {
    this.#deps = deps;
  }

  get progress(): RepeatProgress | undefined {
    return this.#state;
  }

  start(spec: RepeatSpec): void {
    this.stop('replaced by a new repeat');
    const count = Math.min(Math.max(1, Math.floor(spec.count)), MAX_REPEAT_COUNT);
    const intervalMs = Math.max(0, Math.floor(spec.intervalMs));
    this.#spec = { ...spec, count, intervalMs };
    this.#ids.clear();
    this.#state = {
      running: true,
      sent: 0,
      max: count,
      acknowledged: 0,
      failed: 0,
      intervalMs,
      startedAt: this.#now(),
    };
    this.#tick();
  }

  stop(reason = 'stopped'): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const s = this.#state;
    if (!s?.running) return;
    this.#finish({ ...s, stopped: reason });
  }

  /** Every telemetry update of the session: counts the acknowledgements of this repeat's messages. */
  onTelemetry(u: TelemetryUpdate): void {
    if (!this.#ids.has(u.id) || (u.state !== 'acknowledged' && u.state !== 'failed')) return;
    this.#ids.delete(u.id);
    const s = this.#state;
    if (!s) return;
    const next = {
      ...s,
      acknowledged: s.acknowledged + (u.state === 'acknowledged' ? 1 : 0),
      failed: s.failed + (u.state === 'failed' ? 1 : 0),
    };
    this.#state = next;
    if (next.running && next.intervalMs === 0) this.#tick();
    else this.#deps.progress(next);
  }

  #tick(): void {
    const spec = this.#spec;
    let s = this.#state;
    if (!spec || !s?.running) return;
    // Sends happen synchronously here; acknowledgements arrive later through onTelemetry.
    const due =
      s.intervalMs === 0
        ? REPEAT_WINDOW - (s.sent - s.acknowledged - s.failed)
        : Math.min(CATCH_UP, Math.floor((this.#now() - s.startedAt) / s.intervalMs) + 1 - s.sent);
    for (let i = 0; i < due && s.sent < s.max; i++) {
      const { id, error } = this.#deps.send(spec);
      if (error === undefined) this.#ids.add(id);
      s = { ...s, sent: s.sent + 1, failed: s.failed + (error === undefined ? 0 : 1) };
      this.#state = s;
    }
    if (s.sent >= s.max) return this.#finish(s);
    this.#deps.progress(s);
    if (s.intervalMs === 0 && s.sent === s.acknowledged + s.failed) {
      // Everything failed at once (nothing in flight to wake us): try again shortly, not in a spin.
      this.#timer = setTimeout(() => this.#tick(), 10);
    } else if (s.intervalMs > 0) {
      const nextAt = s.startedAt + s.sent * s.intervalMs;
      this.#timer = setTimeout(() => this.#tick(), Math.max(0, nextAt - this.#now()));
    }
  }

  #finish(s: RepeatProgress): void {
    this.#state = { ...s, running: false, endedAt: this.#now() };
    this.#deps.progress(this.#state);
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }
}

/**
 * SessionHost: what runs behind the session port (session-port.ts), in the worker or in-process.
 * Owns one DeviceSession plus the work that must not depend on the UI being mounted: repeated
 * telemetry (repeat-runner.ts), auto-response rules for direct methods (method-rules.ts) and the
 * claim on the identity among this browser's tabs (tab-claims.ts). Executes commands and forwards
 * every event, batched (at most one post per BATCH_MS, or MAX_BATCH events), in arrival order.
 */
import { DeviceSession } from './device-session.ts';
import { findRule, type MethodRule } from './method-rules.ts';
import { randomId } from './random-id.ts';
import { RepeatRunner } from './repeat-runner.ts';
import type { CommandName, PortEvent, PortEvents, SessionCommands } from './session-port.ts';
import type { ConnectOptions, SessionEvents } from './session-types.ts';
import { identityKey, type ClaimBus } from './tab-claims.ts';

export const BATCH_MS = 8;
export const MAX_BATCH = 2000;

export const TAKEN_OVER = 'Taken over by another tab of this browser';

export type HostOptions = {
  /** Receives each batch of events. */
  flush: (batch: PortEvent[]) => void;
  session?: DeviceSession;
  claims?: ClaimBus;
  tabId?: string;
};

type Handlers = {
  [K in CommandName]: (
    args: SessionCommands[K]['args'],
  ) => SessionCommands[K]['result'] | Promise<SessionCommands[K]['result']>;
};

export class SessionHost {
  readonly #session: DeviceSession;
  readonly #flush: (batch: PortEvent[]) => void;
  readonly #claims: ClaimBus | undefined;
  readonly #tab: string;
  readonly #offs: (() => void)[] = [];
  readonly #ruleTimers = new Set<ReturnType<typeof setTimeout>>();
  #pending: PortEvent[] = [];
  /** Where in #pending the newest gauge of each kind sits, and each new telemetry message. */
  #gauges = new Map<'queue' | 'repeat', number>();
  #queuedAt = new Map<string, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #rules: MethodRule[] = [];
  #last: ConnectOptions | undefined;
  #repeat: RepeatRunner;

  constructor(o: HostOptions) {
    this.#session = o.session ?? new DeviceSession();
    this.#flush = o.flush;
    this.#claims = o.claims;
    this.#tab = o.tabId ?? randomId();
    this.#repeat = new RepeatRunner({
      send: (spec) => this.#sendTelemetry(spec.body, spec.properties, spec.autoMessageId),
      progress: (p) => this.#push('repeat', p),
    });
    const s = this.#session;
    const forward = <K extends keyof SessionEvents>(type: K) =>
      this.#offs.push(s.on(type, (payload) => this.#push(type, payload as PortEvents[K])));
    for (const type of [
      'sas',
      'queue',
      'twin-request',
      'twin',
      'desired',
      'reported',
      'method-response',
      'c2d',
      'protocol',
      'log',
    ] as const)
      forward(type);
    this.#offs.push(
      s.on('status', (status) => {
        this.#push('status', status);
        if (status.state === 'disconnected' || status.state === 'error')
          this.#repeat.stop(
            status.state === 'error' ? status.error.message : 'the session disconnected',
          );
      }),
      s.on('telemetry', (u) => {
        this.#push('telemetry', u);
        this.#repeat.onTelemetry(u);
      }),
      s.on('method', (m) => {
        this.#push('method', m);
        this.#autoRespond(m.rid, m.name);
      }),
    );
    if (this.#claims) this.#offs.push(this.#claims.listen((c) => this.#onClaim(c.identity, c.tab)));
  }

  readonly #handlers: Handlers = {
    connect: (options) => this.#connect(options),
    disconnect: () => this.#session.disconnect(),
    reconnect: () => (this.#last ? this.#connect(this.#last) : undefined),
    'send-telemetry': ({ body, properties, autoMessageId }) =>
      this.#sendTelemetry(body, properties, autoMessageId ?? false).id,
    'start-repeat': (spec) => this.#repeat.start(spec),
    'stop-repeat': () => this.#repeat.stop('stopped'),
    'get-twin': () => this.#session.getTwin(),
    'patch-reported': (patch) => this.#session.patchReported(patch),
    'respond-method': ({ rid, status, payload }) =>
      this.#session.respondToMethod(rid, status, payload),
    'set-rules': (rules) => {
      this.#rules = rules;
    },
  };

  /** Runs one command. Events it causes are batched like all others. */
  call<K extends CommandName>(
    name: K,
    args: SessionCommands[K]['args'],
  ): SessionCommands[K]['result'] | Promise<SessionCommands[K]['result']> {
    const handler = this.#handlers[name] as Handlers[K] | undefined;
    if (!handler) throw new Error(`Unknown session command: ${String(name)}`);
    return handler(args);
  }

  dispose(): void {
    this.#repeat.stop('closed');
    this.#session.disconnect();
    for (const off of this.#offs.splice(0)) off();
    for (const t of this.#ruleTimers) clearTimeout(t);
    this.#ruleTimers.clear();
    this.#claims?.close();
    this.#flushNow();
  }

  #connect(options: ConnectOptions): void {
    this.#last = options;
    const { hostName, deviceId, moduleId } = options.info;
    // Claim first, so another tab of this browser lets go before IoT Hub kicks it (spec §1.10).
    this.#claims?.post({
      type: 'claim',
      identity: identityKey(hostName, deviceId, moduleId),
      tab: this.#tab,
      at: Date.now(),
    });
    this.#session.connect(options);
  }

  #onClaim(identity: string, tab: string): void {
    const info = this.#last?.info;
    if (tab === this.#tab || !info) return;
    if (identity !== identityKey(info.hostName, info.deviceId, info.moduleId)) return;
    const state = this.#session.status.state;
    if (state === 'disconnected' || state === 'error') return;
    this.#repeat.stop(TAKEN_OVER);
    this.#session.disconnect({ kind: 'taken-over', message: TAKEN_OVER });
  }

  #sendTelemetry(
    body: SessionCommands['send-telemetry']['args']['body'],
    properties: SessionCommands['send-telemetry']['args']['properties'],
    autoMessageId: boolean,
  ): { id: string; error?: string } {
    const props = autoMessageId
      ? { ...properties, system: { ...properties.system, messageId: randomId() } }
      : properties;
    let error: string | undefined;
    // A message refused before it is queued fails synchronously: report it to the caller.
    const off = this.#session.on('telemetry', (u) => {
      if (u.state === 'failed') error = u.error ?? 'failed';
    });
    try {
      return { id: this.#session.sendTelemetry(body, props), ...(error ? { error } : {}) };
    } finally {
      off();
    }
  }

  #autoRespond(rid: string, name: string): void {
    const rule = findRule(this.#rules, name);
    if (!rule) return;
    const timer = setTimeout(() => {
      this.#ruleTimers.delete(timer);
      this.#push('auto-response', { rid });
      const result = this.#session.respondToMethod(rid, rule.status, rule.payload);
      if (!result.ok) this.#push('auto-response', { rid, error: result.error ?? 'not sent' });
    }, rule.delayMs);
    this.#ruleTimers.add(timer);
  }

  /**
   * Queues an event for the next batch. Fewer, same meaning: a gauge (queue size, repeat
   * progress) replaces the previous one of the batch, and a message that goes from queued to
   * sending within one batch is posted once, as sending with its content. At a 0 ms repeat this
   * halves what crosses to the page (docs/benchmarks.md, console telemetry).
   */
  #push<K extends keyof PortEvents>(type: K, payload: PortEvents[K]): void {
    const event = { type, payload } as PortEvent;
    if (event.type === 'queue' || event.type === 'repeat') {
      const at = this.#gauges.get(event.type);
      if (at !== undefined) {
        this.#pending[at] = event;
        return;
      }
      this.#gauges.set(event.type, this.#pending.length);
    } else if (event.type === 'protocol') {
      // Consecutive protocol records travel as one event (the session emits a few at a time).
      const last = this.#pending[this.#pending.length - 1];
      if (last?.type === 'protocol') {
        for (const entry of event.payload) last.payload.push(entry);
        return;
      }
      event.payload = [...event.payload];
    } else if (event.type === 'telemetry') {
      const u = event.payload;
      const at = this.#queuedAt.get(u.id);
      const prev = at === undefined ? undefined : this.#pending[at];
      if (at !== undefined && prev?.type === 'telemetry' && u.state === 'sending') {
        this.#queuedAt.delete(u.id);
        this.#pending[at] = {
          type: 'telemetry',
          payload: { ...prev.payload, state: 'sending', at: u.at },
        };
        return;
      }
      if (u.sent && u.state === 'queued') this.#queuedAt.set(u.id, this.#pending.length);
    }
    this.#pending.push(event);
    if (this.#pending.length >= MAX_BATCH) return this.#flushNow();
    this.#timer ??= setTimeout(() => this.#flushNow(), BATCH_MS);
  }

  #flushNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#gauges.clear();
    this.#queuedAt.clear();
    this.#flush(batch);
  }
}

/**
 * The receiving half of DeviceSession: subscriptions after each (re)connect, the twin
 * reconnection flow ($rid correlation, $version filtering), direct-method requests and C2D.
 * Knows nothing of sockets: the subclass supplies publish() and the subscribe function.
 */
import {
  c2dFilter,
  METHODS_FILTER,
  methodResponseTopic,
  parseTopic,
  TWIN_DESIRED_FILTER,
  TWIN_RESPONSE_FILTER,
  twinGetTopic,
  twinReportedTopic,
} from '../iothub/topics.ts';
import { applyTwinPatch, type TwinCollection } from '../iothub/twin.ts';

import { PendingRequests, type Pending } from './pending-requests.ts';
import { RecentIds } from './recent-ids.ts';
import type { MethodRequest, SessionEvents, TwinRequestKind } from './session-types.ts';
import { changedKeys, TwinTracker } from './twin-tracker.ts';
import { TypedEmitter } from './typed-emitter.ts';

export const TWIN_REQUEST_TIMEOUT_MS = 30_000;

type TwinRequest = { kind: TwinRequestKind; patch?: Record<string, unknown> };
type Subscribe = (filters: Record<string, 0 | 1>, done: (error?: string) => void) => void;

const utf8 = new TextDecoder();

export abstract class SessionInbound extends TypedEmitter<SessionEvents> {
  protected linkReady = false;
  #tracker = new TwinTracker();
  #desired: Record<string, unknown> | undefined;
  #requests = new PendingRequests<TwinRequest>(TWIN_REQUEST_TIMEOUT_MS, (p) =>
    this.#twinFailed(p, `no response within ${TWIN_REQUEST_TIMEOUT_MS / 1000} s`),
  );
  #methods = new Map<string, MethodRequest>();
  #c2dSeen = new RecentIds<number>(2000);

  /** QoS 0 publish on the live link; false when not connected. */
  protected abstract publish(topic: string, payload: string): boolean;

  /** GETs the full twin; returns the $rid, or undefined when not connected. */
  getTwin(): string | undefined {
    if (!this.linkReady) return undefined;
    this.#tracker.beginFetch();
    return this.#request({ kind: 'get' }, (rid) => twinGetTopic(rid), ' ');
  }

  patchReported(patch: Record<string, unknown>): string | undefined {
    if (!this.linkReady) return undefined;
    const body = JSON.stringify(patch);
    return this.#request({ kind: 'patch-reported', patch }, (rid) => twinReportedTopic(rid), body);
  }

  /** Answers a method request; the payload must be JSON text or empty (spec §3.4). */
  respondToMethod(rid: string, status: number, payload: string): { ok: boolean; error?: string } {
    const request = this.#methods.get(rid);
    if (!request) return { ok: false, error: `No open method request with $rid ${rid}.` };
    if (!this.publish(methodResponseTopic(status, rid), payload)) {
      return { ok: false, error: 'Not connected: IoT Hub already considers this call failed.' };
    }
    this.#methods.delete(rid);
    const at = Date.now();
    this.emit('method-response', { rid, status, payload, at, latencyMs: at - request.receivedAt });
    return { ok: true };
  }

  protected resetTwin(): void {
    this.#tracker.reset();
    this.#desired = undefined;
  }

  protected afterConnect(deviceId: string, moduleId: string | undefined, subscribe: Subscribe) {
    this.#tracker.beginFetch(); // hold desired notifications until the GET answers (DOC-TWIN)
    const filters: Record<string, 0 | 1> = { [TWIN_RESPONSE_FILTER]: 0, [TWIN_DESIRED_FILTER]: 0 };
    filters[METHODS_FILTER] = 0;
    // C2D goes to devices only; modules have no cloud-to-device queue (spec §3.2).
    if (!moduleId) filters[c2dFilter(deviceId)] = 1;
    subscribe(filters, (error) => {
      if (error) this.emit('log', { at: Date.now(), message: `SUBSCRIBE failed: ${error}` });
      this.getTwin();
    });
  }

  protected failPendingTwin(reason: string): void {
    for (const p of this.#requests.takeAll()) this.#twinFailed(p, reason);
  }

  /** Method requests die with the connection: IoT Hub answers the caller itself (spec §5). */
  protected closeMethods(): void {
    this.#methods.clear();
  }

  protected receive(topic: string, payload: Uint8Array, dup: boolean, gen: number): void {
    const t = parseTopic(topic);
    const at = Date.now();
    switch (t.kind) {
      case 'c2d': {
        const mid = t.properties.system.messageId;
        const seenOn = mid === undefined ? undefined : this.#c2dSeen.get(mid);
        // A redelivery (DUP, or the same id again after a reconnect) is shown once.
        if (mid !== undefined && seenOn !== undefined && (dup || seenOn !== gen)) {
          this.emit('log', { at, message: `C2D message ${mid} redelivered; shown once` });
          return;
        }
        if (mid !== undefined) this.#c2dSeen.set(mid, gen);
        this.emit('c2d', {
          topic,
          properties: t.properties,
          body: new Uint8Array(payload), // a compact copy: mqtt.js may slice a larger buffer
          receivedAt: at,
        });
        return;
      }
      case 'twin-response':
        return this.#onTwinResponse(t.rid, t.status, t.version, utf8.decode(payload));
      case 'twin-desired':
        return this.#onDesired(t.version, utf8.decode(payload));
      case 'method-request': {
        const request = { rid: t.rid, name: t.name, payload: utf8.decode(payload), receivedAt: at };
        this.#methods.set(t.rid, request);
        this.emit('method', request);
        return;
      }
      default:
        this.emit('log', { at, message: `Ignored a message on an unexpected topic: ${topic}` });
    }
  }

  #request(data: TwinRequest, topic: (rid: string) => string, body: string): string {
    const p = this.#requests.add(data, Date.now());
    this.emit('twin-request', { rid: p.rid, kind: data.kind, sentAt: p.sentAt });
    this.publish(topic(p.rid), body);
    return p.rid;
  }

  #twinFailed(p: Pending<TwinRequest>, error: string): void {
    this.emit('twin-request', { rid: p.rid, kind: p.data.kind, sentAt: p.sentAt, error });
    if (p.data.kind === 'get') this.#replay(this.#tracker.onFetchFailed());
  }

  #onTwinResponse(rid: string, status: number, version: number | undefined, text: string): void {
    const p = this.#requests.take(rid);
    if (!p) return; // unknown or late $rid: dropped, as the SDKs do (spec §3.5)
    const ok = status >= 200 && status < 300;
    const latencyMs = Date.now() - p.sentAt;
    const base = { rid, kind: p.data.kind, sentAt: p.sentAt, status, latencyMs, version };
    this.emit('twin-request', ok ? base : { ...base, body: text });
    if (p.data.kind === 'patch-reported') {
      if (ok && p.data.patch) this.emit('reported', { patch: p.data.patch, version });
      return;
    }
    const doc = ok ? parseObject(text) : undefined;
    if (!doc) return this.#replay(this.#tracker.onFetchFailed());
    const desired = asObject(doc.desired);
    const reported = asObject(doc.reported);
    const before = this.#desired;
    this.#desired = desired;
    const changedWhileAway = before ? changedKeys(before, desired) : [];
    this.emit('twin', { desired, reported, changedWhileAway });
    const fetchedVersion = typeof desired.$version === 'number' ? desired.$version : 0;
    this.#replay(this.#tracker.onFetched(fetchedVersion));
  }

  #onDesired(version: number, text: string): void {
    const patch = parseObject(text) ?? {};
    const decision = this.#tracker.onDesired(version, patch);
    const at = Date.now();
    if (decision.action === 'buffer') return; // replayed once the GET answers
    if (decision.action === 'ignore') {
      this.emit('desired', { version, patch, at, outcome: 'ignored', reason: decision.reason });
    } else if (decision.action === 'refetch') {
      this.emit('desired', { version, patch, at, outcome: 'refetch', reason: decision.reason });
      this.getTwin();
    } else {
      const merged = applyTwinPatch(
        (this.#desired ?? {}) as TwinCollection,
        patch as TwinCollection,
      );
      this.#desired = { ...merged, $version: version };
      this.emit('desired', { version, patch, at, outcome: 'applied' });
    }
  }

  #replay(held: { version: number; patch: unknown }[]): void {
    for (const n of held) this.#onDesired(n.version, JSON.stringify(n.patch));
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return asObjectOrUndefined(value);
  } catch {
    return undefined;
  }
}

function asObjectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return asObjectOrUndefined(value) ?? {};
}

/**
 * Outgoing telemetry: the bounded queue used while not connected, and the in-flight map that
 * turns PUBACKs into "acknowledged" (spec §3.1: QoS 1). Messages without a PUBACK when a link
 * closes go back to the front of the queue and are sent again after the reconnect (at least
 * once, shown once). No sockets: publish is passed in.
 */
import type { TelemetryBody, TelemetryUpdate } from './session-types.ts';
import { BoundedQueue, DEFAULT_QUEUE_LIMIT } from './telemetry-queue.ts';

type Outgoing = { id: string; topic: string; body: TelemetryBody; gen: number; sentAt: number };
type Publish = (topic: string, body: TelemetryBody, done: (error?: string) => void) => void;

export class TelemetryOutbox {
  #queue = new BoundedQueue<Outgoing>(DEFAULT_QUEUE_LIMIT);
  #inflight = new Map<string, Outgoing>();
  readonly #update: (u: Omit<TelemetryUpdate, 'at'>) => void;
  readonly #onQueue: (size: number, limit: number) => void;

  constructor(
    update: (u: Omit<TelemetryUpdate, 'at'>) => void,
    onQueue: (size: number, limit: number) => void,
  ) {
    this.#update = update;
    this.#onQueue = onQueue;
  }

  get size(): number {
    return this.#queue.size;
  }

  get limit(): number {
    return this.#queue.limit;
  }

  reset(limit = DEFAULT_QUEUE_LIMIT): void {
    this.#queue = new BoundedQueue<Outgoing>(limit);
    this.#inflight.clear();
  }

  /** false when the queue is full. */
  enqueue(id: string, topic: string, body: TelemetryBody): boolean {
    if (!this.#queue.push({ id, topic, body, gen: 0, sentAt: 0 })) return false;
    this.#emitQueue();
    return true;
  }

  /** Publishes every queued message, in order, on the link of generation `gen`. */
  drain(publish: Publish, gen: number, isCurrent: (gen: number) => boolean): void {
    const items = this.#queue.drain();
    if (items.length === 0) return;
    for (const m of items) {
      const entry = { ...m, gen, sentAt: Date.now() };
      this.#inflight.set(m.id, entry);
      this.#update({ id: m.id, state: 'sending' });
      publish(m.topic, m.body, (error) => this.#onPuback(entry, error, isCurrent));
    }
    this.#emitQueue();
  }

  requeueInflight(): void {
    const items = this.#takeInflight();
    if (items.length === 0) return;
    for (const m of items) this.#update({ id: m.id, state: 'queued' });
    this.#queue.requeueFront(items);
    this.#emitQueue();
  }

  failQueued(error: string): void {
    for (const m of this.#queue.drain()) this.#update({ id: m.id, state: 'failed', error });
    this.#emitQueue();
  }

  failInflight(error: string): void {
    for (const m of this.#takeInflight()) this.#update({ id: m.id, state: 'failed', error });
  }

  #onPuback(entry: Outgoing, error: string | undefined, isCurrent: (gen: number) => boolean) {
    if (this.#inflight.get(entry.id) !== entry) return; // requeued or failed already
    if (!error) {
      this.#inflight.delete(entry.id);
      this.#update({ id: entry.id, state: 'acknowledged', latencyMs: Date.now() - entry.sentAt });
    } else if (isCurrent(entry.gen)) {
      this.#inflight.delete(entry.id);
      this.#update({ id: entry.id, state: 'failed', error });
    }
    // An error from a link that is closing: the message is requeued when the close lands.
  }

  #takeInflight(): Outgoing[] {
    const items = [...this.#inflight.values()];
    this.#inflight.clear();
    return items;
  }

  #emitQueue(): void {
    this.#onQueue(this.#queue.size, this.#queue.limit);
  }
}

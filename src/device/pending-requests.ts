/**
 * $rid correlation for twin requests (spec §3.3: $rid is opaque; responses can arrive out of
 * order). Requests never answered fail after a timeout, since IoT Hub twin requests are QoS 0.
 */
export type Pending<T> = { rid: string; sentAt: number; data: T };

export class PendingRequests<T> {
  #next = 1;
  #pending = new Map<string, Pending<T> & { timer: ReturnType<typeof setTimeout> }>();
  readonly #timeoutMs: number;
  readonly #onTimeout: (p: Pending<T>) => void;

  constructor(timeoutMs: number, onTimeout: (p: Pending<T>) => void) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
  }

  get size(): number {
    return this.#pending.size;
  }

  add(data: T, now: number): Pending<T> {
    const rid = String(this.#next++);
    const timer = setTimeout(() => {
      const entry = this.#pending.get(rid);
      if (!entry) return;
      this.#pending.delete(rid);
      this.#onTimeout({ rid, sentAt: entry.sentAt, data: entry.data });
    }, this.#timeoutMs);
    const entry = { rid, sentAt: now, data, timer };
    this.#pending.set(rid, entry);
    return { rid, sentAt: now, data };
  }

  /** Removes and returns the request for this $rid; undefined for unknown or late responses. */
  take(rid: string): Pending<T> | undefined {
    const entry = this.#pending.get(rid);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.#pending.delete(rid);
    return { rid, sentAt: entry.sentAt, data: entry.data };
  }

  /** Removes every request (e.g. the connection closed: QoS 0 responses will never come). */
  takeAll(): Pending<T>[] {
    const all = [...this.#pending.values()];
    for (const entry of all) clearTimeout(entry.timer);
    this.#pending.clear();
    return all.map(({ rid, sentAt, data }) => ({ rid, sentAt, data }));
  }
}

/**
 * The bounded outgoing telemetry queue: messages wait here while the session is not connected
 * (or is renewing its SAS token) and go out in order after the reconnect. Pure.
 */
export const DEFAULT_QUEUE_LIMIT = 1000;

export class BoundedQueue<T> {
  #items: T[] = [];
  readonly limit: number;

  constructor(limit = DEFAULT_QUEUE_LIMIT) {
    this.limit = limit;
  }

  get size(): number {
    return this.#items.length;
  }

  /** false when full: the caller fails the message instead of silently dropping an older one. */
  push(item: T): boolean {
    if (this.#items.length >= this.limit) return false;
    this.#items.push(item);
    return true;
  }

  /** Put messages that were in flight when the connection dropped back at the front, in order. */
  requeueFront(items: readonly T[]): void {
    this.#items = [...items, ...this.#items];
  }

  drain(): T[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }
}

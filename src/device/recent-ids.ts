/** A bounded map of recently seen ids (C2D message ids), oldest forgotten first. Pure. */
export class RecentIds<V> {
  #map = new Map<string, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(id: string): V | undefined {
    return this.#map.get(id);
  }

  set(id: string, value: V): void {
    this.#map.delete(id);
    this.#map.set(id, value);
    if (this.#map.size > this.#limit) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
  }
}

/** A minimal typed event emitter: no DOM, no Node `events`, so it runs in a Web Worker too. */
export class TypedEmitter<Events extends object> {
  #handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Subscribes and returns the matching unsubscribe function. */
  on<K extends keyof Events>(type: K, handler: (payload: Events[K]) => void): () => void {
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    set.add(handler as (payload: never) => void);
    return () => {
      set.delete(handler as (payload: never) => void);
    };
  }

  protected emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.#handlers.get(type);
    if (!set) return;
    for (const handler of [...set]) (handler as (p: Events[K]) => void)(payload);
  }
}

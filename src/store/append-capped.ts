/**
 * Bounded lists (the MQTT Explorer ring-buffer idea, perf A3/A4): append and keep the newest
 * `max`, reporting how many older entries fell off. Pure; returns a new array.
 */
export const DEFAULT_LIST_LIMIT = 5000;

export function appendCapped<T>(
  list: readonly T[],
  items: readonly T[],
  max = DEFAULT_LIST_LIMIT,
): { list: T[]; dropped: number } {
  const total = list.length + items.length;
  const dropped = Math.max(0, total - max);
  if (dropped === 0) return { list: [...list, ...items], dropped };
  if (items.length >= max) return { list: items.slice(items.length - max), dropped };
  return { list: [...list.slice(dropped), ...items], dropped };
}

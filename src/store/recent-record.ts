// A record keyed by identity that keeps the most recently touched keys only: key order is touch
// order, so the oldest go first when it grows past `max`. Pure; returns a new record.
export function putRecent<T>(
  record: Readonly<Record<string, T>>,
  key: string,
  value: T,
  max: number,
): Record<string, T> {
  const { [key]: _previous, ...others } = record;
  const next: Record<string, T> = { ...others, [key]: value };
  const keys = Object.keys(next);
  for (const old of keys.slice(0, Math.max(0, keys.length - max))) delete next[old];
  return next;
}

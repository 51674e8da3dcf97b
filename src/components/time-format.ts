// Times as the lists show them (issue 8): the clock time with milliseconds, since messages a few
// ms apart are what a device developer compares, and the full date for a tooltip. Local time, as
// the rest of the page; ISO 8601 UTC in the tooltip, as IoT Hub stamps its own times. Pure.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `14:03:07.042` in local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The full date for a tooltip: local date and time with milliseconds, then UTC ISO 8601. */
export function fullDate(ms: number): string {
  const d = new Date(ms);
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(ms)}`;
  return `${local} local · ${d.toISOString()}`;
}

/** A signed difference: `+12 ms`, `-3 ms`, `+1.204 s`, `+2 min 5.000 s`. */
export function formatDelta(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(ms));
  if (abs < 1000) return `${sign}${abs} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(3)} s`;
  const min = Math.floor(abs / 60_000);
  return `${sign}${min} min ${((abs % 60_000) / 1000).toFixed(3)} s`;
}

/**
 * An IoT Hub time (ISO 8601, up to 7 fractional digits: `2026-12-08T00:20:01.1234567Z`) in ms
 * since the epoch; undefined when it is not one. Date.parse takes at most 3 fractional digits
 * reliably, so the rest are cut (they are below a millisecond).
 */
export function parseHubTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const trimmed = text.trim().replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

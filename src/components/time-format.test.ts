import { describe, expect, it } from 'vitest';

import { clockTime, formatDelta, fullDate, parseHubTime } from './time-format.ts';

describe('time format', () => {
  it('shows the clock time with milliseconds, in local time', () => {
    const at = new Date(2026, 11, 8, 4, 5, 6, 7).getTime();
    expect(clockTime(at)).toBe('04:05:06.007');
    expect(fullDate(at)).toBe(`2026-12-08 04:05:06.007 local · ${new Date(at).toISOString()}`);
  });

  it('signs differences and changes unit past a second and a minute', () => {
    expect(formatDelta(12)).toBe('+12 ms');
    expect(formatDelta(-3)).toBe('-3 ms');
    expect(formatDelta(0)).toBe('+0 ms');
    expect(formatDelta(1204)).toBe('+1.204 s');
    expect(formatDelta(-125_000)).toBe('-2 min 5.000 s');
  });

  it('reads IoT Hub times with 7 fractional digits to the millisecond', () => {
    expect(parseHubTime('2026-12-08T00:20:01.1234567Z')).toBe(Date.UTC(2026, 11, 8, 0, 20, 1, 123));
    expect(parseHubTime('2026-12-08T00:20:01Z')).toBe(Date.UTC(2026, 11, 8, 0, 20, 1));
    expect(parseHubTime('Tue, 08 Dec 2026 00:20:01 GMT')).toBe(Date.UTC(2026, 11, 8, 0, 20, 1));
    expect(parseHubTime('yesterday')).toBeUndefined();
    expect(parseHubTime(undefined)).toBeUndefined();
  });
});

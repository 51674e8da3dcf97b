// Pure summaries of what the page probe recorded (bench/console/page-probe.ts), kept apart so a
// unit test can check them without a browser.

import { percentile } from '../stats.ts';

import type { LongTask, Sample } from './page-probe.ts';

/** Gaps between consecutive frames inside [start, end], counting the edges: a main thread
 *  blocked for the whole window shows one gap as long as the window, not "no data". */
export function frameGaps(frames: readonly number[], start: number, end: number): number[] {
  const inside = frames.filter((t) => t >= start && t <= end);
  const edges = [start, ...inside, end];
  const gaps: number[] = [];
  for (let i = 1; i < edges.length; i += 1) {
    const gap = (edges[i] as number) - (edges[i - 1] as number);
    if (gap > 0) gaps.push(gap);
  }
  return gaps;
}

export type FrameSummary = { frames: number; p95GapMs: number; maxGapMs: number };

export function summarizeFrames(
  frames: readonly number[],
  start: number,
  end: number,
): FrameSummary {
  const gaps = frameGaps(frames, start, end);
  return {
    frames: frames.filter((t) => t >= start && t <= end).length,
    p95GapMs: percentile(gaps, 95),
    maxGapMs: gaps.length === 0 ? Number.NaN : Math.max(...gaps),
  };
}

/** Long tasks (the browser reports those over 50 ms) that overlap [start, end]. */
export function longTasksIn(
  tasks: readonly LongTask[],
  start: number,
  end: number,
): { count: number; maxMs: number } {
  const hit = tasks.filter((t) => t.at <= end && t.at + t.durationMs >= start);
  return { count: hit.length, maxMs: hit.reduce((m, t) => Math.max(m, t.durationMs), 0) };
}

/** The count shown last and when it first showed, from change-only samples. */
export function finalCount(samples: readonly Sample[]): Sample | undefined {
  return samples.at(-1);
}

/** Messages per second taken in from `start` until the last count was first shown. */
export function intakeRate(samples: readonly Sample[], baseline: number, start: number): number {
  const last = finalCount(samples);
  if (!last || last.at <= start) return Number.NaN;
  return ((last.count - baseline) / (last.at - start)) * 1000;
}

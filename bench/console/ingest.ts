// C2D ingest: the tap floods 256-byte C2D messages at an offered rate to one connected page and
// we read back what the page shows, with frame gaps, long tasks and the heap around the flood.

import { c2dTopic } from '../../src/iothub/topics.ts';
import { median, ratio } from '../stats.ts';

import { intakeRate, longTasksIn, summarizeFrames } from './frame-stats.ts';
import { heapMb, lastSample, readProbe, watchC2d, type Measured } from './pages.ts';
import type { Tap } from './tap.ts';

export type IngestConfig = {
  rates: number[];
  qos: (0 | 1)[];
  rounds: number;
  /** Seconds of flood per run: count = rate × seconds. */
  floodSeconds: number;
  /** Longest wait for the shown count to catch up after the last message was written. */
  drainCapMs: number;
  /** The count has not moved for this long: it will not (messages were lost). */
  stuckMs: number;
};

export type IngestRun = {
  page: 'console' | 'bare';
  qos: 0 | 1;
  offered: number;
  round: number;
  sent: number;
  shown: number;
  exact: boolean;
  /** PUBACKs the tap got back for QoS 1 (NaN for QoS 0). */
  acked: number;
  msgPerSec: number;
  /** From the last write to the final count on screen. */
  lagAtEndMs: number;
  p95FrameGapMs: number;
  maxFrameGapMs: number;
  longTasks: number;
  maxLongTaskMs: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  /** Ticks on which the tap held back because the browser's socket was full. */
  stalledTicks: number;
};

const PAYLOAD = Buffer.from(`{"pad":"${'x'.repeat(256 - 10)}"}`); // 256 bytes, as the table
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function topicFor(deviceId: string) {
  // The property bag the emulator puts on each C2D message (emulator/features/c2d.ts).
  return (seq: number) =>
    c2dTopic(deviceId, {
      system: { messageId: `bench-${seq}`, to: `/devices/${deviceId}/messages/devicebound` },
      application: { 'iothub-ack': 'none' },
    });
}

export async function ingestRun(
  m: Measured,
  deviceId: string,
  tap: Tap,
  qos: 0 | 1,
  offered: number,
  round: number,
  c: IngestConfig,
): Promise<IngestRun> {
  const heapBeforeMb = await heapMb(m);
  await m.page.evaluate(() => window.benchProbe.reset());
  await watchC2d(m);
  const before = (await lastSample(m.page))?.count ?? 0;
  const count = Math.round(offered * c.floodSeconds);
  const flood = await tap.flood(deviceId, {
    qos,
    ratePerSecond: offered,
    count,
    topic: topicFor(deviceId),
    payload: PAYLOAD,
  });
  // Wait until the page shows every message, its count stops moving, or the cap.
  const deadline = Date.now() + c.drainCapMs;
  let last = { at: Date.now(), count: before };
  for (;;) {
    const s = (await lastSample(m.page)) ?? last;
    if (s.count !== last.count) last = { at: Date.now(), count: s.count };
    if (s.count - before >= flood.sent) break;
    if (Date.now() - last.at > c.stuckMs || Date.now() > deadline) break;
    await sleep(100);
  }
  await m.page.evaluate(() => window.benchProbe.unwatch());
  const probe = await readProbe(m.page);
  const final = probe.samples.at(-1) ?? { at: flood.endedAt, count: before };
  const windowEnd = Math.max(final.at, flood.endedAt);
  const frames = summarizeFrames(probe.frames, flood.startedAt, windowEnd);
  const tasks = longTasksIn(probe.longTasks, flood.startedAt, windowEnd);
  const shown = final.count - before;
  return {
    page: m.kind,
    qos,
    offered,
    round,
    sent: flood.sent,
    shown,
    exact: shown === flood.sent,
    acked: qos === 1 ? tap.acked(deviceId) : Number.NaN,
    msgPerSec: intakeRate(probe.samples, before, flood.startedAt),
    lagAtEndMs: final.at - flood.endedAt,
    p95FrameGapMs: frames.p95GapMs,
    maxFrameGapMs: frames.maxGapMs,
    longTasks: tasks.count,
    maxLongTaskMs: tasks.maxMs,
    heapBeforeMb,
    heapAfterMb: await heapMb(m),
    stalledTicks: flood.stalledTicks,
  };
}

export type IngestSummary = {
  qos: 0 | 1;
  offered: number;
  bareMsgPerSec: number;
  consoleMsgPerSec: number;
  /** Median over rounds of console ÷ bare in the same round. */
  ratio: number;
  consoleExact: boolean;
  bareExact: boolean;
  consoleLagAtEndMs: number;
  consoleP95FrameGapMs: number;
  bareP95FrameGapMs: number;
  consoleLongTasks: number;
  consoleMaxLongTaskMs: number;
  consoleHeapDeltaMb: number;
};

export function summarizeIngest(runs: IngestRun[]): IngestSummary[] {
  const keys = [...new Set(runs.map((r) => `${r.qos}:${r.offered}`))];
  return keys.map((key) => {
    const [qos, offered] = key.split(':').map(Number) as [0 | 1, number];
    const of = (page: IngestRun['page']) =>
      runs.filter((r) => r.qos === qos && r.offered === offered && r.page === page);
    const con = of('console');
    const bare = of('bare');
    const rounds = [...new Set(con.map((r) => r.round))];
    const ratios = rounds.map((round) =>
      ratio(
        con.find((r) => r.round === round)?.msgPerSec ?? Number.NaN,
        bare.find((r) => r.round === round)?.msgPerSec ?? Number.NaN,
      ),
    );
    const med = (rs: IngestRun[], f: (r: IngestRun) => number) => median(rs.map(f));
    return {
      qos,
      offered,
      bareMsgPerSec: med(bare, (r) => r.msgPerSec),
      consoleMsgPerSec: med(con, (r) => r.msgPerSec),
      ratio: median(ratios),
      consoleExact: con.every((r) => r.exact),
      bareExact: bare.every((r) => r.exact),
      consoleLagAtEndMs: med(con, (r) => r.lagAtEndMs),
      consoleP95FrameGapMs: med(con, (r) => r.p95FrameGapMs),
      bareP95FrameGapMs: med(bare, (r) => r.p95FrameGapMs),
      consoleLongTasks: Math.max(...con.map((r) => r.longTasks)),
      consoleMaxLongTaskMs: Math.max(...con.map((r) => r.maxLongTaskMs)),
      consoleHeapDeltaMb: med(con, (r) => r.heapAfterMb - r.heapBeforeMb),
    };
  });
}

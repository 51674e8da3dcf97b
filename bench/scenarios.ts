// The scenarios: telemetry ingest (TCP, WebSocket) against plain aedes and the emulator, and the
// twin reported-PATCH round trip on the emulator. Targets run interleaved within each round
// (baseline, emulator, ... then again) on a fresh broker each time; medians over rounds.

import { runJob } from './load.ts';
import type { IngestResult, TwinResult } from './protocol.ts';
import { median, ratio } from './stats.ts';
import type { Target } from './targets.ts';

export type Config = {
  rounds: number;
  devices: number;
  messagesPerDevice: number;
  window: number;
  payloadBytes: number;
  twinRoundTrips: number;
  capMs: number;
};

export type TargetFactory = { name: string; start: () => Promise<Target> };

export type IngestSummary = {
  target: string;
  rounds: IngestResult[];
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Median over rounds of this round's msg/s ÷ the baseline's msg/s in the same round. */
  throughputVsBaseline: number;
  /** Median over rounds of this round's p50 ÷ the baseline's p50 in the same round. */
  p50VsBaseline: number;
};

async function withTarget<T>(factory: TargetFactory, fn: (t: Target) => Promise<T>): Promise<T> {
  const target = await factory.start();
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}

async function ingestOnce(
  factory: TargetFactory,
  transport: 'tcp' | 'ws',
  config: Config,
  messagesPerDevice: number,
): Promise<IngestResult> {
  return withTarget(factory, async (target) => {
    const url = transport === 'tcp' ? target.tcpUrl : target.wsUrl;
    if (url === undefined) throw new Error(`${target.name} has no ${transport} listener`);
    return runJob({
      kind: 'ingest',
      url,
      devices: await target.devices(config.devices),
      messagesPerDevice,
      window: config.window,
      payloadBytes: config.payloadBytes,
      capMs: config.capMs,
    });
  });
}

/** factories[0] is the baseline. One short unmeasured warm-up pass, then `rounds` rounds. */
export async function ingestScenario(
  factories: TargetFactory[],
  transport: 'tcp' | 'ws',
  config: Config,
  progress: (line: string) => void,
): Promise<IngestSummary[]> {
  const warmUp = Math.max(50, Math.round(config.messagesPerDevice / 10));
  for (const f of factories) await ingestOnce(f, transport, config, warmUp);
  const results: IngestResult[][] = factories.map(() => []);
  for (let round = 0; round < config.rounds; round += 1) {
    for (const [i, f] of factories.entries()) {
      const r = await ingestOnce(f, transport, config, config.messagesPerDevice);
      results[i]?.push(r);
      progress(
        `  ${transport} round ${round + 1}/${config.rounds} ${f.name}: ` +
          `${Math.round(r.messagesPerSecond)} msg/s, p50 ${r.latency.p50Ms.toFixed(2)} ms` +
          (r.cappedByTime ? ' (stopped at the time cap)' : ''),
      );
    }
  }
  const baseline = results[0] ?? [];
  return factories.map((f, i) => {
    const rounds = results[i] ?? [];
    const paired = (pick: (r: IngestResult) => number) =>
      median(rounds.map((r, k) => ratio(pick(r), pick(baseline[k] as IngestResult))));
    return {
      target: f.name,
      rounds,
      messagesPerSecond: median(rounds.map((r) => r.messagesPerSecond)),
      p50Ms: median(rounds.map((r) => r.latency.p50Ms)),
      p99Ms: median(rounds.map((r) => r.latency.p99Ms)),
      throughputVsBaseline: paired((r) => r.messagesPerSecond),
      p50VsBaseline: paired((r) => r.latency.p50Ms),
    };
  });
}

export type TwinSummary = {
  target: string;
  rounds: TwinResult[];
  twinPatchP50Ms: number;
  twinPatchP99Ms: number;
  publishP50Ms: number;
  publishP99Ms: number;
  /** Median over rounds of twin PATCH p50 ÷ QoS 1 publish p50 on the same connection. */
  twinVsPublish: number;
};

export async function twinScenario(
  factory: TargetFactory,
  config: Config,
  progress: (line: string) => void,
): Promise<TwinSummary> {
  const once = (roundTrips: number) =>
    withTarget(factory, async (target) => {
      const [device] = await target.devices(1);
      if (!target.tcpUrl || !device) throw new Error(`${target.name} has no TCP listener`);
      return runJob({
        kind: 'twin',
        url: target.tcpUrl,
        device,
        roundTrips,
        payloadBytes: config.payloadBytes,
        capMs: config.capMs,
      });
    });
  await once(Math.max(20, Math.round(config.twinRoundTrips / 10)));
  const rounds: TwinResult[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    const r = await once(config.twinRoundTrips);
    rounds.push(r);
    progress(
      `  twin round ${round + 1}/${config.rounds}: PATCH p50 ${r.twinPatch.p50Ms.toFixed(3)} ms, ` +
        `publish p50 ${r.publish.p50Ms.toFixed(3)} ms` +
        (r.cappedByTime ? ' (stopped at the time cap)' : ''),
    );
  }
  return {
    target: factory.name,
    rounds,
    twinPatchP50Ms: median(rounds.map((r) => r.twinPatch.p50Ms)),
    twinPatchP99Ms: median(rounds.map((r) => r.twinPatch.p99Ms)),
    publishP50Ms: median(rounds.map((r) => r.publish.p50Ms)),
    publishP99Ms: median(rounds.map((r) => r.publish.p99Ms)),
    twinVsPublish: median(rounds.map((r) => ratio(r.twinPatch.p50Ms, r.publish.p50Ms))),
  };
}

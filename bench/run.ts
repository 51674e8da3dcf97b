// `npm run bench`: telemetry ingest over TCP and WebSocket (emulator vs plain aedes) and the twin
// reported-PATCH round trip, all on loopback, bounded in count and time. Prints a table, writes
// bench/results/latest.json. `npm run bench -- --quick` runs a tenth of the load (a smoke test);
// `--rounds=N` (1–9, default 3) changes how many interleaved rounds each median is taken over.
// `--console` runs the console benchmark instead (bench/console/main.ts, docs/benchmarks.md).
// `--journal` runs only the journal filter over 50,000 records (bench/journal.ts).

import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';

import { runConsoleBench } from './console/main.ts';
import { journalBench } from './journal.ts';
import { table, type Cell } from './report.ts';
import { revision } from './revision.ts';
import {
  ingestScenario,
  twinScenario,
  type Config,
  type IngestSummary,
  type TargetFactory,
} from './scenarios.ts';
import { round } from './stats.ts';
import { startAedes, startEmulator } from './targets.ts';

const quick = process.argv.includes('--quick');
const roundsArg = Number(
  /^--rounds=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--rounds=')) ?? '')?.[1],
);
const config: Config = {
  rounds: Number.isInteger(roundsArg) && roundsArg > 0 ? Math.min(roundsArg, 9) : 3,
  devices: 4,
  messagesPerDevice: quick ? 500 : 5_000,
  window: 16,
  payloadBytes: 256,
  twinRoundTrips: quick ? 100 : 1_000,
  capMs: 60_000,
};

const aedes = (transport: 'tcp' | 'ws'): TargetFactory => ({
  name: `aedes (${transport}, no hooks)`,
  start: () => startAedes(transport),
});
const emulatorMemory: TargetFactory = {
  name: 'emulator (in-memory)',
  start: () => startEmulator('memory'),
};
const emulatorDisk: TargetFactory = {
  name: 'emulator (disk, WAL)',
  start: () => startEmulator('disk'),
};

const log = (line: string) => console.log(line);

/** Which code was measured: HEAD plus whether emulator/ had uncommitted changes. */
function emulatorRevision(): { commit?: string; emulatorDirty?: boolean } {
  const { commit, dirty } = revision('emulator');
  return { commit, emulatorDirty: dirty };
}

function ingestRows(summaries: IngestSummary[]): Cell[][] {
  return summaries.map((s) => [
    s.target,
    s.messagesPerSecond,
    s.p50Ms,
    s.p99Ms,
    s.throughputVsBaseline,
    s.p50VsBaseline,
  ]);
}

const INGEST_HEADER = ['target', 'msg/s', 'p50 ms', 'p99 ms', 'msg/s ratio', 'p50 ratio'];

async function main(): Promise<void> {
  const started = Date.now();
  const total = config.devices * config.messagesPerDevice;
  log(
    `Benchmarks on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}` +
      `${quick ? ', QUICK' : ''}: ${config.devices} devices × ${config.messagesPerDevice} QoS 1 ` +
      `messages of ${config.payloadBytes} B, ${config.window} in flight each; ${config.rounds} rounds.`,
  );

  log('\n1. Telemetry ingest over TCP');
  const tcp = await ingestScenario(
    [aedes('tcp'), emulatorMemory, emulatorDisk],
    'tcp',
    config,
    log,
  );
  log('\n2. Telemetry ingest over WebSocket');
  const ws = await ingestScenario([aedes('ws'), emulatorMemory], 'ws', config, log);
  log('\n3. Twin reported PATCH round trip (emulator, TCP)');
  const twin = await twinScenario(emulatorMemory, config, log);

  log(
    table(
      `Telemetry ingest, TCP (${total} messages; ratios vs aedes, same round)`,
      INGEST_HEADER,
      ingestRows(tcp),
    ),
  );
  log(
    table(
      `Telemetry ingest, WebSocket (${total} messages; ratios vs aedes, same round)`,
      INGEST_HEADER,
      ingestRows(ws),
    ),
  );
  log(
    table(
      `Twin reported PATCH → 204 vs QoS 1 publish → PUBACK (${config.twinRoundTrips} each, one at a time)`,
      ['round trip', 'p50 ms', 'p99 ms', 'ratio to publish (p50)'],
      [
        ['twin PATCH → 204', twin.twinPatchP50Ms, twin.twinPatchP99Ms, twin.twinVsPublish],
        ['publish → PUBACK', twin.publishP50Ms, twin.publishP99Ms, 1],
      ],
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  log(`\nTotal ${seconds.toFixed(1)} s.`);

  const clean = (s: IngestSummary) => ({
    ...s,
    messagesPerSecond: round(s.messagesPerSecond, 0),
    p50Ms: round(s.p50Ms, 3),
    p99Ms: round(s.p99Ms, 3),
    throughputVsBaseline: round(s.throughputVsBaseline, 3),
    p50VsBaseline: round(s.p50VsBaseline, 3),
  });
  const results = {
    date: new Date(started).toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    revision: emulatorRevision(),
    quick,
    config,
    durationSeconds: round(seconds, 1),
    ingestTcp: tcp.map(clean),
    ingestWebSocket: ws.map(clean),
    twin,
  };
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL('latest.json', dir), `${JSON.stringify(results, null, 2)}\n`);
  log('Results written to bench/results/latest.json');
}

// --hidden-minutes=N (1–30): a longer hidden tab, e.g. to see Chrome's intensive throttling,
// which starts after 5 minutes hidden.
const hiddenArg = Number(
  /^--hidden-minutes=(\d+)$/.exec(
    process.argv.find((a) => a.startsWith('--hidden-minutes=')) ?? '',
  )?.[1],
);
const hiddenMinutes =
  Number.isInteger(hiddenArg) && hiddenArg > 0 ? Math.min(hiddenArg, 30) : undefined;
const run = process.argv.includes('--journal')
  ? async () => {
      journalBench(log);
    }
  : process.argv.includes('--console')
    ? () =>
        runConsoleBench({
          quick,
          hidden: process.argv.includes('--hidden') || hiddenMinutes !== undefined,
          hiddenMinutes,
          rebuild: process.argv.includes('--rebuild'),
          rounds: Number.isInteger(roundsArg) && roundsArg > 0 ? Math.min(roundsArg, 9) : undefined,
        })
    : main;

run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

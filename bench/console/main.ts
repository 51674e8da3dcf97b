// `npm run bench -- --console`: the console against a bare mqtt.js page in the same run (C2D
// ingest at offered rates, QoS 0 and 1; telemetry at full speed; start-up and initial JS size;
// `--hidden` adds 5 minutes in a hidden tab). Loopback only, bounded in count and time; prints
// tables, writes bench/results/console-latest.json and the ratio chart console-ratio.png.

import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';

import { REPEAT_WINDOW } from '../../src/device/repeat-runner.ts';
import { revision } from '../revision.ts';
import { round } from '../stats.ts';

import { drawRatioChart } from './chart.ts';
import { hiddenScenario, type HiddenResult } from './hidden.ts';
import { ingestRun, summarizeIngest, type IngestConfig, type IngestRun } from './ingest.ts';
import { openBare, openConsole } from './pages.ts';
import { printIngest, printStartup, printTelemetry, printHidden } from './print.ts';
import { BARE_PATH, startRig, type Rig } from './setup.ts';
import { initialJsKb, startupScenario } from './startup.ts';
import { telemetryScenario } from './telemetry.ts';

export type ConsoleFlags = {
  quick: boolean;
  hidden: boolean;
  /** Hidden-tab minutes (default 5, quick 0.5). */
  hiddenMinutes?: number;
  rebuild: boolean;
  rounds?: number;
};

const log = (line: string) => console.log(line);
const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function ingestScenario(rig: Rig, c: IngestConfig): Promise<IngestRun[]> {
  const consoleString = await rig.device('bench-console');
  const bareString = await rig.device('bench-bare');
  const con = await openConsole(rig.browser, rig.tap.url, consoleString);
  const bare = await openBare(
    rig.browser,
    `${rig.tap.url}${BARE_PATH}`,
    await rig.bareOptions(bareString),
  );
  await rig.tap.waitForDevice('bench-console', 10_000);
  await rig.tap.waitForDevice('bench-bare', 10_000);
  const runs: IngestRun[] = [];
  try {
    for (const qos of c.qos) {
      for (const offered of c.rates) {
        for (let r = 0; r < c.rounds; r += 1) {
          // Alternate who goes first, so drift on a shared machine hits both alike.
          const order = r % 2 === 0 ? [con, bare] : [bare, con];
          for (const m of order) {
            const deviceId = m.kind === 'console' ? 'bench-console' : 'bench-bare';
            const run = await ingestRun(m, deviceId, rig.tap, qos, offered, r, c);
            runs.push(run);
            log(
              `  QoS ${qos} ${offered} msg/s round ${r + 1} ${m.kind.padEnd(7)}: ` +
                `${Math.round(run.msgPerSec)} msg/s, shown ${run.shown}/${run.sent}, ` +
                `p95 frame gap ${run.p95FrameGapMs.toFixed(0)} ms, long tasks ${run.longTasks}`,
            );
          }
        }
      }
    }
  } finally {
    await con.context.close();
    await bare.context.close();
  }
  return runs;
}

export async function runConsoleBench(f: ConsoleFlags): Promise<void> {
  const started = Date.now();
  const ingest: IngestConfig = {
    rates: f.quick ? [500, 2000] : [500, 1000, 2000, 4000, 8000],
    qos: [1, 0],
    rounds: f.rounds ?? (f.quick ? 1 : 3),
    floodSeconds: f.quick ? 1 : 4,
    drainCapMs: 30_000,
    stuckMs: 3_000,
  };
  // 5,000 messages: with 500 the click-to-first-send and end-detection overheads (a few hundred ms)
  // weighed on the console's rate alone, since the bare page starts from page.evaluate.
  // The bare page keeps as many messages in flight as the console's repeat at 0 ms does.
  const telemetry = { count: f.quick ? 100 : 5_000, window: REPEAT_WINDOW, capMs: 60_000 };
  log(
    `Console benchmark on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ` +
      `Node ${process.version}${f.quick ? ', QUICK (figures meaningless)' : ''}; ` +
      `load average ${loadText()} (others' work counts: hence ratios within one run).`,
  );
  const loadAtStart = loadavg();
  // Taken now: the tree may change while a long run goes on.
  const measured = revision('src');
  const rig = await startRig({ rebuild: f.rebuild, log });
  // A hard stop: whatever hangs, the bench ends and frees its ports.
  const hardStop = setTimeout(
    () => {
      console.error('console bench: hard time limit reached, stopping');
      void rig.close().finally(() => process.exit(1));
    },
    (f.quick ? 10 : 45) * 60_000 + (f.hidden ? ((f.hiddenMinutes ?? 5) + 5) * 60_000 : 0),
  );
  hardStop.unref();
  try {
    log(
      `Browser ${rig.browser.version()}; console from dist/${rig.distRebuilt ? ' (rebuilt)' : ''}.`,
    );
    log('\n1. Start-up');
    const startup = await startupScenario(rig, f.quick ? 2 : 5);
    const js = await initialJsKb();
    log('\n2. C2D ingest (console vs bare mqtt.js page, same run)');
    const runs = await ingestScenario(rig, ingest);
    const summary = summarizeIngest(runs);
    log('\n3. Telemetry at full speed');
    const tele = await telemetryScenario(rig, telemetry, log);
    let hidden: HiddenResult | undefined;
    if (f.hidden) {
      log('\n4. Hidden tab');
      hidden = await hiddenScenario(rig, { minutes: f.hiddenMinutes ?? (f.quick ? 0.5 : 5) }, log);
    }

    printStartup(log, startup, js);
    printIngest(log, summary);
    printTelemetry(log, tele);
    if (hidden) printHidden(log, hidden);

    const dir = new URL('../results/', import.meta.url);
    await mkdir(dir, { recursive: true });
    const chart = new URL('console-ratio.png', dir);
    await drawRatioChart(rig.browser, summary, chart);
    const seconds = (Date.now() - started) / 1000;
    const results = {
      date: new Date(started).toISOString(),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model,
        node: process.version,
        loadAverage: { start: loadAtStart, end: loadavg() },
      },
      browser: rig.browser.version(),
      revision: { commit: measured.commit, srcDirty: measured.dirty },
      quick: f.quick,
      config: { ingest, telemetry },
      durationSeconds: round(seconds, 1),
      startup,
      initialJs: js,
      ingest: summary,
      ingestRuns: runs,
      telemetry: tele,
      hidden,
    };
    await writeFile(new URL('console-latest.json', dir), `${JSON.stringify(results, null, 2)}\n`);
    log(
      `\nTotal ${seconds.toFixed(1)} s, load average at the end ${loadText()}. Results in bench/results/console-latest.json, chart in bench/results/console-ratio.png`,
    );
  } finally {
    clearTimeout(hardStop);
    await rig.close();
  }
}

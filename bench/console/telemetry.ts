// Telemetry at full speed: the console's Repeat (every 0 ms when the form accepts it, else its
// smallest interval) against the bare page publishing the same QoS 1 messages with a bounded
// in-flight window. Rates are acknowledged messages per second, read from what each page shows.

import { telemetryTopic } from '../../src/iothub/topics.ts';
import { median, ratio } from '../stats.ts';

import { finalCount, longTasksIn, summarizeFrames } from './frame-stats.ts';
import { openBare, openConsole, readProbe, watchText } from './pages.ts';
import { BARE_PATH, type Rig } from './setup.ts';

export type TelemetryConfig = { count: number; window: number; capMs: number };
export type TelemetryRun = {
  page: 'console' | 'bare';
  round: number;
  acked: number;
  msgPerSec: number;
  p95FrameGapMs: number;
  longTasks: number;
};
export type TelemetryResult = {
  /** The Repeat interval the console's form accepted ("0" is tried first). */
  consoleIntervalMs: number;
  /** Messages the bare page kept in flight. */
  bareWindow: number;
  runs: TelemetryRun[];
  consoleMsgPerSec: number;
  bareMsgPerSec: number;
  ratio: number;
};

// The console's default body and system properties (telemetry-composer.tsx), so both send the same.
const BODY = '{\n  "temperature": 21.5\n}';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function telemetryScenario(
  rig: Rig,
  c: TelemetryConfig,
  log: (line: string) => void,
): Promise<TelemetryResult> {
  const rounds = c.count >= 500 ? 2 : 1;
  const con = await openConsole(rig.browser, rig.tap.url, await rig.device('bench-tel-console'));
  const bareString = await rig.device('bench-tel-bare');
  const bare = await openBare(
    rig.browser,
    `${rig.tap.url}${BARE_PATH}`,
    await rig.bareOptions(bareString),
  );
  const runs: TelemetryRun[] = [];
  let interval: number | undefined;
  try {
    const page = con.page;
    const every = page.getByLabel('Repeat every (ms)');
    const repeat = page.getByRole('button', { name: 'Repeat', exact: true });
    await page.getByLabel('Up to (messages)').fill(String(c.count));
    for (const tryMs of [0, 1, 5, 10, 20, 50]) {
      await every.fill(String(tryMs));
      if (await repeat.isEnabled()) {
        interval = tryMs;
        break;
      }
    }
    if (interval === undefined) throw new Error('the Repeat button stayed disabled');
    const counts = await page
      .getByRole('region', { name: 'Telemetry', exact: true })
      .getByText(/^Sent \d+ · acknowledged \d+/)
      .elementHandle();
    for (let r = 0; r < rounds; r += 1) {
      for (const who of r % 2 === 0 ? ['console', 'bare'] : ['bare', 'console']) {
        let run: TelemetryRun;
        if (who === 'console') {
          await page.evaluate(() => window.benchProbe.reset());
          await watchText(page, counts, 'acknowledged (\\d+)');
          const before = finalCount(await readProbe(page).then((p) => p.samples))?.count ?? 0;
          const startedAt = Date.now();
          await repeat.click();
          const deadline = startedAt + c.capMs;
          let last = { at: Date.now(), count: before };
          for (;;) {
            const probe = await readProbe(page);
            const s = finalCount(probe.samples) ?? last;
            if (s.count !== last.count) last = { at: Date.now(), count: s.count };
            if (
              s.count - before >= c.count ||
              Date.now() - last.at > 5_000 ||
              Date.now() > deadline
            )
              break;
            await sleep(100);
          }
          await page.evaluate(() => window.benchProbe.unwatch());
          const probe = await readProbe(page);
          const final = finalCount(probe.samples) ?? { at: startedAt, count: before };
          run = {
            page: 'console',
            round: r,
            acked: final.count - before,
            msgPerSec: ((final.count - before) / (final.at - startedAt)) * 1000,
            p95FrameGapMs: summarizeFrames(probe.frames, startedAt, final.at).p95GapMs,
            longTasks: longTasksIn(probe.longTasks, startedAt, final.at).count,
          };
        } else {
          await bare.page.evaluate(() => window.benchProbe.reset());
          const topic = telemetryTopic(
            { deviceId: 'bench-tel-bare' },
            {
              system: {
                messageId: '__SEQ__',
                contentType: 'application/json',
                contentEncoding: 'utf-8',
              },
              application: {},
            },
          );
          const res = await bare.page.evaluate((o) => window.benchBare.publish(o), {
            topic,
            body: BODY,
            count: c.count,
            window: c.window,
          });
          const probe = await readProbe(bare.page);
          run = {
            page: 'bare',
            round: r,
            acked: res.acked,
            msgPerSec: (res.acked / (res.endedAt - res.startedAt)) * 1000,
            p95FrameGapMs: summarizeFrames(probe.frames, res.startedAt, res.endedAt).p95GapMs,
            longTasks: longTasksIn(probe.longTasks, res.startedAt, res.endedAt).count,
          };
        }
        runs.push(run);
        log(
          `  round ${r + 1} ${run.page.padEnd(7)}: ${run.acked} acknowledged, ${Math.round(run.msgPerSec)} msg/s`,
        );
      }
    }
  } finally {
    await con.context.close();
    await bare.context.close();
  }
  const of = (p: TelemetryRun['page']) => runs.filter((r) => r.page === p);
  const ratios = [...new Set(runs.map((r) => r.round))].map((round) =>
    ratio(
      of('console').find((r) => r.round === round)?.msgPerSec ?? Number.NaN,
      of('bare').find((r) => r.round === round)?.msgPerSec ?? Number.NaN,
    ),
  );
  return {
    consoleIntervalMs: interval ?? Number.NaN,
    bareWindow: c.window,
    runs,
    consoleMsgPerSec: median(of('console').map((r) => r.msgPerSec)),
    bareMsgPerSec: median(of('bare').map((r) => r.msgPerSec)),
    ratio: median(ratios),
  };
}

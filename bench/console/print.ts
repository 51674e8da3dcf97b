// The console bench's tables on stdout (fixed width, bench/report.ts).

import { table } from '../report.ts';

import type { HiddenResult } from './hidden.ts';
import type { IngestSummary } from './ingest.ts';
import type { InitialJs, StartupResult } from './startup.ts';
import type { TelemetryResult } from './telemetry.ts';

type Log = (line: string) => void;
const yesNo = (b: boolean) => (b ? 'yes' : 'NO');

export function printStartup(log: Log, s: StartupResult, js: InitialJs): void {
  log(
    table(
      'Start-up (fresh context each run)',
      ['measure', 'value', 'target'],
      [
        [`navigation → Connected + twin, median of ${s.runsMs.length} (ms)`, s.medianMs, '–'],
        ['initial JavaScript (KB gzip)', js.gzipKb, '≤ 200'],
      ],
    ),
  );
}

export function printIngest(log: Log, rows: IngestSummary[]): void {
  log(
    table(
      'C2D ingest, 256 B (median of rounds; ratio = console ÷ bare page in the same round)',
      [
        'QoS',
        'offered',
        'bare msg/s',
        'console msg/s',
        'ratio',
        'exact',
        'lag at end ms',
        'p95 gap ms',
        'bare p95 ms',
        'long tasks',
        'max task ms',
        'heap Δ MB',
      ],
      rows.map((r) => [
        String(r.qos),
        r.offered,
        r.bareMsgPerSec,
        r.consoleMsgPerSec,
        r.ratio,
        `${yesNo(r.consoleExact)}/${yesNo(r.bareExact)}`,
        r.consoleLagAtEndMs,
        r.consoleP95FrameGapMs,
        r.bareP95FrameGapMs,
        String(r.consoleLongTasks),
        r.consoleMaxLongTaskMs,
        r.consoleHeapDeltaMb,
      ]),
    ),
  );
  log(
    '  exact = console/bare showed every message sent; targets: ratio ≥ 1.0, p95 gap ≤ 34 ms, no task > 50 ms.',
  );
}

export function printTelemetry(log: Log, t: TelemetryResult): void {
  log(
    table(
      `Telemetry QoS 1 at full speed (console Repeat every ${t.consoleIntervalMs} ms; bare page ${t.bareWindow} in flight)`,
      ['page', 'acknowledged msg/s', 'ratio', 'target'],
      [
        ['bare mqtt.js', t.bareMsgPerSec, 1, '–'],
        ['console', t.consoleMsgPerSec, t.ratio, '≥ 0.9'],
      ],
    ),
  );
}

export function printHidden(log: Log, h: HiddenResult): void {
  log(
    table(
      `Hidden tab (${h.minutes} min, visibilityState "${h.visibilityState}")`,
      ['measure', 'value'],
      [
        ['connection drops (emulator log)', String(h.disconnects)],
        ['status at the end', h.statusAtEnd],
        [
          'telemetry at the hub while hidden / expected',
          `${h.telemetryReceived} / ${h.telemetryExpected}`,
        ],
        ['telemetry per whole minute (min / max)', `${h.perMinute.min} / ${h.perMinute.max}`],
        ['repeat interval (ms)', h.intervalMs],
        ['C2D shown / sent', `${h.c2dShown} / ${h.c2dSent}`],
        ['C2D acknowledged by the device', h.c2dAcked],
      ],
    ),
  );
}

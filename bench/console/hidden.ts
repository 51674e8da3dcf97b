// `--console --hidden`: the console connected, Repeat sending telemetry every second and C2D
// arriving at 10 msg/s (QoS 1) while its tab is hidden for 5 minutes (another tab in front, so
// Chrome's background throttling applies, including intensive throttling after 5 minutes).
// Then the tab is shown again and we check: the connection never dropped (emulator's connection
// log), the repeat kept its rate (telemetry per minute as the hub received it), the C2D count
// the page shows equals what was sent and every message was acknowledged.

import { c2dTopic } from '../../src/iothub/topics.ts';

import { CdpTab } from './cdp-tab.ts';
import type { Rig } from './setup.ts';

export type HiddenResult = {
  minutes: number;
  visibilityState: string;
  disconnects: number;
  statusAtEnd: string;
  /** Telemetry the hub received while hidden, against duration ÷ interval. */
  telemetryReceived: number;
  telemetryExpected: number;
  /** Per whole minute hidden (empty under a minute). */
  perMinute: { min: number; max: number; counts: number[] };
  intervalMs: number;
  telemetrySentShown: number;
  c2dShown: number;
  c2dSent: number;
  c2dAcked: number;
};

const DEVICE = 'bench-hidden';
const INTERVAL_MS = 1000;
const C2D_RATE = 10;

// DOM helpers run in the page: a field by its label's text, a button by its name (the same
// labels Playwright's getByLabel/getByRole use elsewhere in the bench).
const HELPERS = `
  const byLabel = (text) => {
    const label = [...document.querySelectorAll('label')].find((l) => l.textContent.trim().replace(/\\s*\\*$/, '') === text);
    return label && document.getElementById(label.htmlFor);
  };
  const fill = (text, value) => {
    const el = byLabel(text);
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set;
    setter.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
  const status = () => document.querySelector('[role="status"]')?.textContent.trim();
  const shown = (re) => Number(re.exec(document.body.innerText)?.[1] ?? NaN);
`;

export async function hiddenScenario(
  rig: Rig,
  o: { minutes: number },
  log: (line: string) => void,
): Promise<HiddenResult> {
  const connectionString = await rig.device(DEVICE);
  const tab = await CdpTab.open(rig.browser, rig.tap.url);
  try {
    const run = (body: string) => tab.evaluate<unknown>(`(() => { ${HELPERS} ${body} })()`);
    await tab.waitFor(`document.querySelector('button')`, 30_000);
    await run(`fill('Connection string', ${JSON.stringify(connectionString)});`);
    await run(`button('Connect').click();`);
    await tab.waitFor(
      `document.querySelector('[role="status"]')?.textContent.trim() === 'Connected'`,
      30_000,
    );
    await rig.tap.waitForDevice(DEVICE, 10_000);
    const seconds = Math.round(o.minutes * 60);
    await run(
      `fill('Repeat every (ms)', '${INTERVAL_MS}'); fill('Up to (messages)', '${seconds + 60}');`,
    );
    await new Promise((r) => setTimeout(r, 200)); // let React enable Repeat with the new values
    await run(`button('Repeat').click();`);
    const startedAt = Date.now();
    await tab.hide();
    const visibilityState = await tab.evaluate<string>('document.visibilityState');
    log(
      `  hidden (${visibilityState}) for ${o.minutes} min, repeat every ${INTERVAL_MS} ms, C2D ${C2D_RATE} msg/s`,
    );
    const topic = (seq: number) =>
      c2dTopic(DEVICE, {
        system: { messageId: `hidden-${seq}` },
        application: { 'iothub-ack': 'none' },
      });
    const flood = await rig.tap.flood(DEVICE, {
      qos: 1,
      ratePerSecond: C2D_RATE,
      count: seconds * C2D_RATE,
      topic,
      payload: Buffer.alloc(256, 0x61),
    });
    const endedAt = Date.now();
    await tab.show();
    await new Promise((r) => setTimeout(r, 1000)); // a few frames to flush what was buffered
    const counts = await run(`
      return {
        status: status(),
        c2d: shown(/Received (\\d+)/),
        sent: shown(/Sent (\\d+) · acknowledged/),
      };`);
    const { status, c2d, sent } = counts as { status: string; c2d: number; sent: number };
    await run(`button('Stop')?.click();`);
    const since = (iso: string) => Date.parse(iso) >= startedAt && Date.parse(iso) <= endedAt;
    const drops = (await rig.cloud.connections(DEVICE)).filter(
      (c) => c.event === 'disconnect' && since(c.time),
    ).length;
    const perMinute = Array.from({ length: Math.floor((endedAt - startedAt) / 60_000) }, () => 0);
    let telemetryReceived = 0;
    for (const e of await rig.cloud.events(DEVICE)) {
      if (since(e.enqueuedTime)) telemetryReceived += 1;
      const minute = Math.floor((Date.parse(e.enqueuedTime) - startedAt) / 60_000);
      if (minute >= 0 && minute < perMinute.length)
        perMinute[minute] = (perMinute[minute] ?? 0) + 1;
    }
    return {
      minutes: o.minutes,
      visibilityState,
      disconnects: drops,
      statusAtEnd: status,
      telemetryReceived,
      telemetryExpected: Math.floor((endedAt - startedAt) / INTERVAL_MS),
      perMinute: {
        min: perMinute.length ? Math.min(...perMinute) : Number.NaN,
        max: perMinute.length ? Math.max(...perMinute) : Number.NaN,
        counts: perMinute,
      },
      intervalMs: INTERVAL_MS,
      telemetrySentShown: sent,
      c2dShown: c2d,
      c2dSent: flood.sent,
      c2dAcked: rig.tap.acked(DEVICE),
    };
  } finally {
    await tab.close().catch(() => undefined);
  }
}

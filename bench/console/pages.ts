// The two pages under test, driven as a user would: the console through its labels and roles
// (as e2e/fixtures.ts does), the bare page through window.benchBare. Both carry the page probe.

import type { Browser, BrowserContext, CDPSession, ElementHandle, Page } from '@playwright/test';

import type { BareConnect } from './bare-page.ts';
import { installProbe, KEEP_NAMES_SHIM, type ProbeData } from './page-probe.ts';
import { TargetChannel } from './target-channel.ts';

export type Measured = {
  kind: 'console' | 'bare';
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  /** The page's dedicated workers (the console's device session may run in one). */
  workers: Map<string, TargetChannel>;
  /** The element whose text holds the C2D count (console), absent on the bare page. */
  c2dCount?: ElementHandle<HTMLElement | SVGElement>;
};

const VIEWPORT = { width: 1440, height: 900 };

async function open(browser: Browser, url: string): Promise<Omit<Measured, 'kind'>> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript({ content: KEEP_NAMES_SHIM });
  await page.addInitScript(installProbe);
  const cdp = await context.newCDPSession(page);
  const workers = new Map<string, TargetChannel>();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker')
      workers.set(e.sessionId, new TargetChannel(cdp, e.sessionId));
  });
  cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId));
  // Not flattened: Playwright keeps its own attachment; this one only reaches workers' heaps.
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  await page.goto(url);
  return { context, page, cdp, workers };
}

/** Waits, checking every frame, until the status says Connected and the desired document is
 *  shown (not the placeholder); returns that moment in ms since navigation started. */
export async function connectedWithTwin(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const status = document.querySelector('[role="status"]')?.textContent?.trim();
      const desired = document.querySelector('[aria-label="Desired properties"]')?.textContent;
      const shown = status === 'Connected' && desired?.trimStart().startsWith('{') === true;
      return shown && performance.now();
    },
    undefined,
    { polling: 'raf', timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

export async function fillAndConnect(page: Page, connectionString: string): Promise<void> {
  await page.getByLabel('Connection string').fill(connectionString);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

export async function openConsole(
  browser: Browser,
  url: string,
  connectionString: string,
): Promise<Measured & { connectedAtMs: number }> {
  const m = await open(browser, url);
  await fillAndConnect(m.page, connectionString);
  const connectedAtMs = await connectedWithTwin(m.page, 30_000);
  const c2dCount = await m.page.getByLabel('C2D count', { exact: true }).elementHandle();
  return { kind: 'console', ...m, c2dCount, connectedAtMs };
}

export async function openBare(browser: Browser, url: string, o: BareConnect): Promise<Measured> {
  const m = await open(browser, url);
  await m.page.waitForFunction(() => 'benchBare' in window);
  await m.page.evaluate((opts) => window.benchBare.connect(opts), o);
  return { kind: 'bare', ...m };
}

/** Samples a number shown in `el`'s text (first group of `pattern`) on every frame and every
 *  20 ms, keeping changes (see page-probe.ts). */
export async function watchText(page: Page, el: ElementHandle, pattern: string): Promise<void> {
  await page.evaluate(
    ([e, p]) =>
      window.benchProbe.watch(
        () => Number(new RegExp(p).exec(e.textContent ?? '')?.[1] ?? Number.NaN),
        20,
      ),
    [el, pattern] as const,
  );
}

/** What the page shows: the console's "Received N", the bare page's counter. */
export async function watchC2d(m: Measured): Promise<void> {
  if (m.kind === 'bare') {
    await m.page.evaluate(() => window.benchProbe.watch(() => window.benchBare.received, 20));
    return;
  }
  if (!m.c2dCount) throw new Error('the console shows no "C2D count"');
  await watchText(m.page, m.c2dCount, 'Received (\\d+)');
}

export async function readProbe(page: Page): Promise<ProbeData> {
  return page.evaluate(() => {
    const p = window.benchProbe;
    return { frames: p.frames, longTasks: p.longTasks, samples: p.samples };
  });
}

export async function lastSample(page: Page) {
  return page.evaluate(() => window.benchProbe.samples.at(-1));
}

/** The page's JS heap after a forced GC, in MB: the main thread plus its dedicated workers. */
export async function heapMb(m: Pick<Measured, 'cdp' | 'workers'>): Promise<number> {
  await m.cdp.send('HeapProfiler.collectGarbage');
  let used = (await m.cdp.send('Runtime.getHeapUsage')).usedSize;
  for (const worker of m.workers.values()) {
    await worker.send('HeapProfiler.collectGarbage');
    used += (await worker.send<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
  }
  return used / 1024 / 1024;
}

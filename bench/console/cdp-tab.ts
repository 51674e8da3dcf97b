// A tab driven over raw CDP, for the hidden-tab run. Playwright keeps every page it manages
// visible (each in its own window, focus emulated), so a page that must really go to the
// background (document.visibilityState "hidden", Chrome's timer throttling) lives in a browser
// context Playwright does not manage: another tab opened in front of it hides it, as a user
// switching tabs would.

import type { Browser, CDPSession } from '@playwright/test';

import { TargetChannel } from './target-channel.ts';

type Evaluated = { result?: { value?: unknown }; exceptionDetails?: unknown };

export class CdpTab {
  #cover: string | undefined;
  private readonly cdp: CDPSession;
  private readonly contextId: string;
  private readonly targetId: string;
  private readonly page: TargetChannel;

  private constructor(cdp: CDPSession, contextId: string, targetId: string, sessionId: string) {
    this.cdp = cdp;
    this.contextId = contextId;
    this.targetId = targetId;
    this.page = new TargetChannel(cdp, sessionId);
  }

  static async open(browser: Browser, url: string): Promise<CdpTab> {
    const cdp = await browser.newBrowserCDPSession();
    const { browserContextId } = await cdp.send('Target.createBrowserContext');
    const { targetId } = await cdp.send('Target.createTarget', { url, browserContextId });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
    const tab = new CdpTab(cdp, browserContextId, targetId, sessionId);
    // The wide layout, as the other pages get: at 800 px the console shows one pane at a time.
    await tab.send('Emulation.setDeviceMetricsOverride', {
      width: 1440,
      height: 900,
      deviceScaleFactor: 1,
      mobile: false,
    });
    await tab.send('Page.reload', {});
    return tab;
  }

  /** Evaluates an expression (promises awaited) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<Evaluated>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (r?.exceptionDetails) throw new Error(`in page: ${JSON.stringify(r.exceptionDetails)}`);
    return r?.result?.value as T;
  }

  /** One CDP command to the page's own target. */
  send<T>(method: string, params: object): Promise<T> {
    return this.page.send<T>(method, params);
  }

  /** Polls `expression` until it is truthy (every 100 ms, up to `timeoutMs`). */
  async waitFor(expression: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Errors count as not yet: the page may be mid-navigation (its context gone).
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Opens a blank tab in front of this one: this one becomes hidden. */
  async hide(): Promise<void> {
    const { targetId } = await this.cdp.send('Target.createTarget', {
      url: 'about:blank',
      browserContextId: this.contextId,
    });
    this.#cover = targetId;
  }

  async show(): Promise<void> {
    await this.cdp.send('Target.activateTarget', { targetId: this.targetId });
    if (this.#cover) await this.cdp.send('Target.closeTarget', { targetId: this.#cover });
    this.#cover = undefined;
  }

  async close(): Promise<void> {
    await this.cdp.send('Target.disposeBrowserContext', { browserContextId: this.contextId });
    await this.cdp.detach();
  }
}

// A tab driven over raw CDP, for the hidden-tab run. Playwright keeps every page it manages
// visible (each in its own window, focus emulated), so a page that must really go to the
// background (document.visibilityState "hidden", Chrome's timer throttling) lives in a browser
// context Playwright does not manage: another tab opened in front of it hides it, as a user
// switching tabs would.

import type { Browser, CDPSession } from '@playwright/test';

type Reply = { id: number; result?: { result?: { value?: unknown }; exceptionDetails?: unknown } };

export class CdpTab {
  #id = 0;
  readonly #pending = new Map<number, (r: Reply) => void>();
  #cover: string | undefined;

  private readonly cdp: CDPSession;
  private readonly contextId: string;
  private readonly targetId: string;
  private readonly sessionId: string;

  private constructor(cdp: CDPSession, contextId: string, targetId: string, sessionId: string) {
    this.cdp = cdp;
    this.contextId = contextId;
    this.targetId = targetId;
    this.sessionId = sessionId;
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      if (e.sessionId !== sessionId) return;
      const reply = JSON.parse(e.message) as Reply;
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
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
    const r = await this.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (r?.exceptionDetails) throw new Error(`in page: ${JSON.stringify(r.exceptionDetails)}`);
    return r?.result?.value as T;
  }

  /** One CDP command to the page's own target. */
  send(method: string, params: object): Promise<Reply['result']> {
    const id = (this.#id += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (r) => resolve(r.result));
      const message = JSON.stringify({ id, method, params });
      this.cdp
        .send('Target.sendMessageToTarget', { sessionId: this.sessionId, message })
        .catch(reject);
    });
  }

  /** Polls `expression` until it is truthy (every 100 ms, up to `timeoutMs`). */
  async waitFor(expression: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
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

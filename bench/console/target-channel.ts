// CDP commands to a target reached through another session (Target.sendMessageToTarget): for the
// targets Playwright does not hand us, a tab in a context it does not manage (cdp-tab.ts) and a
// page's Web Workers (whose heap belongs to the page's, pages.ts).

import type { CDPSession } from '@playwright/test';

type Reply = { id: number; result?: unknown; error?: { message: string } };

export class TargetChannel {
  #id = 0;
  readonly #pending = new Map<number, (r: Reply) => void>();
  readonly #cdp: CDPSession;
  readonly sessionId: string;

  constructor(cdp: CDPSession, sessionId: string) {
    this.#cdp = cdp;
    this.sessionId = sessionId;
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      if (e.sessionId !== sessionId) return;
      const reply = JSON.parse(e.message) as Reply;
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
  }

  /** One command; resolves with its result, rejects with the target's error. */
  send<T>(method: string, params: object = {}): Promise<T> {
    const id = (this.#id += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (r) =>
        r.error ? reject(new Error(`${method}: ${r.error.message}`)) : resolve(r.result as T),
      );
      const message = JSON.stringify({ id, method, params });
      this.#cdp
        .send('Target.sendMessageToTarget', { sessionId: this.sessionId, message })
        .catch(reject);
    });
  }
}

import { describe, expect, it } from 'vitest';

import type { SessionEvents } from '../device/session-types.ts';
import { TypedEmitter } from '../device/typed-emitter.ts';

import { bindSession } from './bind-session.ts';
import { createConsoleStore } from './store.ts';

class FakeSession extends TypedEmitter<SessionEvents> {
  responses: [string, number, string][] = [];
  fire<K extends keyof SessionEvents>(type: K, payload: SessionEvents[K]) {
    this.emit(type, payload);
  }
  respondToMethod(rid: string, status: number, payload: string) {
    this.responses.push([rid, status, payload]);
    const at = Date.now();
    this.emit('method-response', { rid, status, payload, at, latencyMs: 1 });
    return { ok: true };
  }
}

function setup() {
  const frames: (() => void)[] = [];
  const session = new FakeSession();
  const store = createConsoleStore();
  const unbind = bindSession(session, store, (f) => frames.push(f));
  const frame = () => frames.splice(0).forEach((f) => f());
  return { session, store, unbind, frame, frames };
}

describe('bindSession', () => {
  it('applies status at once and batches high-rate events into one frame', () => {
    const { session, store, frame, frames } = setup();
    session.fire('status', { state: 'connected', since: 1 });
    expect(store.getState().connection.status.state).toBe('connected');
    const c2d = (mid: string) => ({
      topic: 't',
      properties: { system: { messageId: mid }, application: {} },
      payload: { kind: 'empty' as const, bytes: 0 as const },
      receivedAt: 1,
    });
    for (let i = 0; i < 50; i++) session.fire('c2d', c2d(`m${i}`));
    expect(store.getState().c2d.items).toHaveLength(0);
    expect(frames).toHaveLength(1);
    frame();
    expect(store.getState().c2d.items).toHaveLength(50);
  });

  it('answers a method through a matching rule without a click, after its delay', async () => {
    const { session, store, frame } = setup();
    store.getState().addRule({
      method: 'reboot',
      status: 202,
      payload: '{"ok":true}',
      delayMs: 10,
      enabled: true,
    });
    session.fire('method', { rid: '5', name: 'reboot', payload: '{}', receivedAt: Date.now() });
    session.fire('method', { rid: '6', name: 'other', payload: '{}', receivedAt: Date.now() });
    await new Promise((r) => setTimeout(r, 30));
    frame();
    expect(session.responses).toEqual([['5', 202, '{"ok":true}']]);
    const [first, second] = store.getState().methods.invocations;
    expect(first?.response).toMatchObject({ status: 202, auto: true });
    expect(second?.response).toBeUndefined();
  });

  it('stops listening after unbind', () => {
    const { session, store, unbind } = setup();
    unbind();
    session.fire('status', { state: 'connecting' });
    expect(store.getState().connection.status.state).toBe('disconnected');
  });
});

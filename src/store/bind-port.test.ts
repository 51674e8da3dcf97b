import { describe, expect, it } from 'vitest';

import type { MethodRule } from '../device/method-rules.ts';
import type { PortEvent, SessionPort } from '../device/session-port.ts';

import { bindPort, PENDING_LIMIT } from './bind-port.ts';
import { c2dView } from './c2d-slice.ts';
import { keyOf } from './device-slice.ts';
import { countOf } from './journal.ts';
import { createConsoleStore } from './store.ts';

/** A port the test drives by hand: it records commands and delivers the batches it is given. */
class ManualPort implements SessionPort {
  calls: [string, unknown][] = [];
  #listeners = new Set<(batch: PortEvent[]) => void>();
  call(name: string, args: unknown) {
    this.calls.push([name, args]);
    return Promise.resolve(undefined as never);
  }
  subscribe(listener: (batch: PortEvent[]) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  dispose() {}
  deliver(batch: PortEvent[]) {
    for (const l of this.#listeners) l(batch);
  }
}

const identity = { hostName: 'hub', deviceId: 'd1', url: 'ws://x' };
const c2d = (mid: string): PortEvent => ({
  type: 'c2d',
  payload: {
    topic: `devices/d1/messages/devicebound/%24.mid=${mid}`,
    properties: { system: { messageId: mid }, application: {} },
    body: new Uint8Array([0xff, 0x00, mid.length]),
    receivedAt: 1,
  },
});

function setup() {
  const frames: (() => void)[] = [];
  const port = new ManualPort();
  const store = createConsoleStore(port);
  store.getState().setIdentity(identity);
  const unbind = bindPort(port, store, (f) => frames.push(f));
  const frame = () => frames.splice(0).forEach((f) => f());
  return { port, store, unbind, frame, frames, key: keyOf(identity) };
}

describe('bindPort', () => {
  it('applies status at once and messages once per frame, as journal records with their bytes', () => {
    const { port, store, frame, frames, key } = setup();
    port.deliver([{ type: 'status', payload: { state: 'connected', since: 1 } }]);
    expect(store.getState().connection.status.state).toBe('connected');
    port.deliver(Array.from({ length: 50 }, (_, i) => c2d(`m${i}`)));
    expect(countOf(store.getState().journal, key, 'in:c2d')).toBe(0);
    expect(frames).toHaveLength(1);
    frame();
    const view = c2dView(store.getState().journal, store.getState().c2d, key);
    expect(view.total).toBe(50);
    expect([...(view.items[0]?.body ?? [])]).toEqual([0xff, 0x00, 2]);
  });

  it('flushes without a frame when the buffer passes its bound (hidden tab), losing nothing', () => {
    const { port, store, key } = setup();
    const n = PENDING_LIMIT * 2 + 7;
    for (let i = 0; i < n; i += 1000)
      port.deliver(Array.from({ length: Math.min(1000, n - i) }, (_, j) => c2d(`m${i + j}`)));
    // No frame ran: everything but the last partial buffer is in the store already.
    expect(countOf(store.getState().journal, key, 'in:c2d')).toBeGreaterThanOrEqual(
      2 * PENDING_LIMIT,
    );
  });

  it('keeps one journal record per telemetry message and patches it up to acknowledged', () => {
    const { port, store, frame } = setup();
    const sent = {
      topic: 't',
      body: '{"a":1}',
      properties: { system: {}, application: {} },
      bytes: 7,
    };
    port.deliver([
      { type: 'telemetry', payload: { id: 't1', state: 'queued', at: 1, sent } },
      { type: 'telemetry', payload: { id: 't1', state: 'sending', at: 2 } },
    ]);
    frame();
    port.deliver([
      { type: 'telemetry', payload: { id: 't1', state: 'acknowledged', at: 9, latencyMs: 7 } },
    ]);
    frame();
    const records = store.getState().journal.records.filter((r) => r.kind === 'telemetry');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ state: 'acknowledged', ackAt: 9, latencyMs: 7 });
    expect(new TextDecoder().decode(records[0]?.body)).toBe('{"a":1}');
    expect(store.getState().telemetry.acknowledged).toBe(1);
  });

  it('marks a response sent by a rule as auto, and shows a rule that could not answer', () => {
    const { port, store, frame } = setup();
    port.deliver([
      { type: 'method', payload: { rid: '5', name: 'reboot', payload: '{}', receivedAt: 1 } },
      { type: 'method', payload: { rid: '6', name: 'x', payload: '{}', receivedAt: 1 } },
      { type: 'auto-response', payload: { rid: '5' } },
      {
        type: 'method-response',
        payload: { rid: '5', status: 202, payload: '', at: 2, latencyMs: 1 },
      },
      { type: 'auto-response', payload: { rid: '6', error: 'Not connected' } },
    ]);
    frame();
    const [first, second] = store.getState().methods.invocations;
    expect(first?.response).toMatchObject({ status: 202, auto: true });
    expect(second).toMatchObject({ error: 'Not connected' });
  });

  it('sends rule changes to the port, where the session runs them', () => {
    const { port, store } = setup();
    store
      .getState()
      .addRule({ method: 'reboot', status: 200, payload: '', delayMs: 0, enabled: true });
    const last = port.calls.at(-1);
    expect(last?.[0]).toBe('set-rules');
    expect((last?.[1] as MethodRule[])[0]).toMatchObject({ method: 'reboot' });
  });

  it('stops listening after unbind', () => {
    const { port, store, unbind } = setup();
    unbind();
    port.deliver([{ type: 'status', payload: { state: 'connecting' } }]);
    expect(store.getState().connection.status.state).toBe('disconnected');
  });
});

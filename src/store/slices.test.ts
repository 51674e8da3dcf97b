import { describe, expect, it } from 'vitest';

import { findRule, type MethodRule } from '../device/method-rules.ts';

import { c2dView } from './c2d-slice.ts';
import { utf8Bytes } from './journal.ts';
import { createConsoleStore } from './store.ts';

const props = { system: {}, application: {} };

describe('telemetry slice', () => {
  it('tracks each message from queued to acknowledged, in place', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    const sent = { topic: 'devices/d/messages/events/', body: '{}', properties: props, bytes: 2 };
    s().applyTelemetry([
      { id: 't1', state: 'queued', at: 1, sent },
      { id: 't1', state: 'sending', at: 2 },
    ]);
    s().applyTelemetry([{ id: 't1', state: 'acknowledged', at: 5, latencyMs: 3 }]);
    expect(s().telemetry.items).toHaveLength(1);
    expect(s().telemetry.items[0]).toMatchObject({ id: 't1', state: 'acknowledged', latencyMs: 3 });
    expect(s().telemetry.acknowledged).toBe(1);
  });

  it('counts requeues after a dropped connection and shows the message once', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    const sent = { topic: 't', body: 'x', properties: props, bytes: 1 };
    s().applyTelemetry([{ id: 't1', state: 'queued', at: 1, sent }]);
    s().applyTelemetry([
      { id: 't1', state: 'sending', at: 2 },
      { id: 't1', state: 'queued', at: 3 },
      { id: 't1', state: 'sending', at: 4 },
      { id: 't1', state: 'acknowledged', at: 5 },
    ]);
    expect(s().telemetry.items).toHaveLength(1);
    expect(s().telemetry.items[0]).toMatchObject({ state: 'acknowledged', requeued: 1 });
  });

  it('keeps the newest 5,000 and counts the dropped ones', () => {
    const store = createConsoleStore();
    const sent = { topic: 't', body: 'x', properties: props, bytes: 1 };
    const updates = Array.from({ length: 5003 }, (_, i) => ({
      id: `t${i}`,
      state: 'queued' as const,
      at: i,
      sent,
    }));
    store.getState().applyTelemetry(updates);
    const t = store.getState().telemetry;
    expect(t.items).toHaveLength(5000);
    expect(t.dropped).toBe(3);
    expect(t.items[0]?.id).toBe('t3');
  });
});

describe('c2d slice (a view over the journal)', () => {
  const ID = 'hub/d/';
  const message = (mid: string, identity = ID) => ({
    identity,
    direction: 'in' as const,
    kind: 'c2d' as const,
    at: 1,
    topic: `devices/d/messages/devicebound/%24.mid=${mid}`,
    properties: { system: { messageId: mid }, application: {} },
    body: utf8Bytes('hi'),
  });

  it('keeps counting while paused, shows held messages on resume, clears per identity', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    const view = () => c2dView(s().journal, s().c2d, ID);
    const mids = () => view().items.map((m) => m.properties?.system.messageId);
    s().writeJournal([message('a'), message('x', 'hub/other/')]);
    s().setC2dPaused(true, ID);
    s().writeJournal([message('b'), message('c')]);
    expect(mids()).toEqual(['a']);
    expect(view()).toMatchObject({ total: 3, waiting: 2 });
    s().setC2dPaused(false, ID);
    expect(mids()).toEqual(['a', 'b', 'c']);
    expect(view().items.map((m) => view().ordinalOf(m))).toEqual([1, 2, 3]);
    s().clearC2d(ID);
    expect(view()).toMatchObject({ items: [], total: 0 });
    s().writeJournal([message('d')]);
    expect(view().total).toBe(1);
    expect(view().ordinalOf(view().items[0]!)).toBe(1);
    expect(c2dView(s().journal, s().c2d, 'hub/other/').total).toBe(1);
  });
});

describe('twin slice', () => {
  it('merges applied desired updates (null deletes) and highlights changed keys', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    s().setTwinDocument({
      desired: { a: 1, b: 2, $version: 3 },
      reported: { $version: 1 },
      changedWhileAway: ['b'],
    });
    expect(s().twin.awayKeys).toEqual(['b']);
    s().applyDesired([
      { version: 4, patch: { b: null, c: { d: 1 } }, at: 1, outcome: 'applied' },
      { version: 4, patch: { z: 1 }, at: 2, outcome: 'ignored', reason: 'old' },
    ]);
    expect(s().twin.desired).toEqual({ a: 1, c: { d: 1 }, $version: 4 });
    expect(s().twin.changedKeys).toEqual(['b', 'c']);
    expect(s().twin.desiredLog).toHaveLength(2);
  });

  it('applies a reported patch with its new version', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    s().setTwinDocument({ desired: {}, reported: { x: 1, $version: 1 }, changedWhileAway: [] });
    s().applyReported({ patch: { y: 2 }, version: 2 });
    expect(s().twin.reported).toEqual({ x: 1, y: 2, $version: 2 });
  });

  it('lists each $rid once with its final status and latency', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    s().applyTwinRequests([{ rid: '1', kind: 'get', sentAt: 1 }]);
    s().applyTwinRequests([
      { rid: '2', kind: 'patch-reported', sentAt: 2 },
      { rid: '1', kind: 'get', sentAt: 1, status: 200, latencyMs: 4 },
      { rid: '2', kind: 'patch-reported', sentAt: 2, status: 400, body: '{"errorCode":400004}' },
    ]);
    expect(s().twin.requests.map((r) => [r.rid, r.status])).toEqual([
      ['1', 200],
      ['2', 400],
    ]);
    expect(s().twin.lastPatch).toMatchObject({ rid: '2', status: 400 });
  });
});

describe('methods slice', () => {
  const rule = (method: string, enabled = true): MethodRule => ({
    id: method,
    method,
    status: 200,
    payload: '{}',
    delayMs: 0,
    enabled,
  });

  it('prefers a rule for the method over the * rule, and skips disabled rules', () => {
    const rules = [rule('*'), rule('reboot'), rule('off', false)];
    expect(findRule(rules, 'reboot')?.id).toBe('reboot');
    expect(findRule(rules, 'other')?.id).toBe('*');
    expect(findRule(rules, 'off')?.id).toBe('*');
    expect(findRule([rule('off', false)], 'off')).toBeUndefined();
  });

  it('records invocations and their responses', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    s().addInvocations([{ rid: '7', name: 'reboot', payload: '{}', receivedAt: 1 }]);
    s().applyMethodResponses([
      { rid: '7', status: 200, payload: '{}', at: 9, latencyMs: 8, auto: false },
    ]);
    expect(s().methods.invocations[0]?.response).toMatchObject({ status: 200, latencyMs: 8 });
    s().addRule({ method: '*', status: 201, payload: '', delayMs: 0, enabled: true });
    const id = s().methods.rules[0]?.id ?? '';
    s().updateRule(id, { enabled: false });
    expect(s().methods.rules[0]?.enabled).toBe(false);
    s().removeRule(id);
    expect(s().methods.rules).toEqual([]);
  });
});

describe('hub slice', () => {
  it('appends only events newer than the last sequence number', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    const ev = (n: number) => ({
      sequenceNumber: n,
      deviceId: 'd',
      enqueuedTime: '',
      body: 'x',
      bodyBase64: 'eA==',
      properties: {},
      systemProperties: {},
    });
    s().appendHubEvents([ev(1), ev(2)]);
    s().appendHubEvents([ev(2), ev(3), ev(1)]);
    expect(s().hub.events.map((e) => e.sequenceNumber)).toEqual([1, 2, 3]);
    // Another hub (a real one through the gateway) numbers its events afresh.
    s().setHubTarget('gateway', 'contoso.azure-devices.net', 'console');
    expect(s().hub).toMatchObject({
      target: 'gateway',
      hostName: 'contoso.azure-devices.net',
      consumerGroup: 'console',
      events: [],
      lastSequence: -1,
    });
    s().appendHubEvents([ev(1)]);
    expect(s().hub.events.map((e) => e.sequenceNumber)).toEqual([1]);
  });
});

describe('connection slice', () => {
  it('clears an error from the last attempt, and leaves any other state alone', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    const error = { kind: 'not-authorized' as const, message: 'Not authorized (CONNACK 5)' };
    s().setStatus({ state: 'error', error });
    s().clearConnectionError();
    expect(s().connection.status).toEqual({ state: 'disconnected' });
    s().setStatus({ state: 'connected', since: 1 });
    s().clearConnectionError();
    expect(s().connection.status).toEqual({ state: 'connected', since: 1 });
  });
});

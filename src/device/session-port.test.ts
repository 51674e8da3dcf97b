// The session port end to end: the in-process port (the same SessionHost the worker runs) against
// a real emulator started in-process. The worker port runs the same host in the browser (e2e).
import { afterEach, describe, expect, it } from 'vitest';

import { createHub } from '../../emulator/hub.ts';
import { parseConnectionString } from '../iothub/connection-string.ts';

import { HubService } from './hub-service.ts';
import { createInProcessPort } from './in-process-port.ts';
import type { PortEvent, PortEvents, SessionPort } from './session-port.ts';
import type { ConnectOptions } from './session-types.ts';
import type { Claim, ClaimBus } from './tab-claims.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** One browser's tabs, in memory: every bus sees every claim but its own post. */
function localClaims(): () => ClaimBus {
  const handlers = new Set<(c: Claim) => void>();
  return () => {
    const mine = new Set<(c: Claim) => void>();
    return {
      post: (c) =>
        queueMicrotask(() => [...handlers].filter((h) => !mine.has(h)).forEach((h) => h(c))),
      listen: (h) => {
        handlers.add(h);
        mine.add(h);
        return () => handlers.delete(h);
      },
      close: () => mine.forEach((h) => handlers.delete(h)),
    };
  };
}

async function setup() {
  const hub = await createHub({ port: 0, mqttPort: 0, inMemory: true });
  cleanups.push(() => hub.close().catch(() => undefined));
  const service = await HubService.detect(`http://127.0.0.1:${hub.ports.http}`);
  if (!service) throw new Error('bootstrap failed');
  const deviceId = `dev-${Math.random().toString(36).slice(2, 8)}`;
  const parsed = parseConnectionString(await service.deviceConnectionString(deviceId, true));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const options: ConnectOptions = {
    info: parsed.value,
    url: `ws://127.0.0.1:${hub.ports.http}/$iothub/websocket`,
  };
  const claims = localClaims();
  const open = () => {
    const port = createInProcessPort({ claims: claims() });
    const events: PortEvent[] = [];
    const batches: PortEvent[][] = [];
    port.subscribe((batch) => {
      batches.push(batch);
      events.push(...batch);
    });
    cleanups.push(() => port.dispose());
    return { port, events, batches };
  };
  return { service, deviceId, options, open };
}

function waitFor<K extends keyof PortEvents>(
  port: SessionPort,
  type: K,
  accept: (p: PortEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<PortEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(type)} event`)), timeoutMs);
    const off = port.subscribe((batch) => {
      for (const e of batch) {
        if (e.type !== type || !accept(e.payload as PortEvents[K])) continue;
        clearTimeout(timer);
        off();
        resolve(e.payload as PortEvents[K]);
        return;
      }
    });
  });
}

const connected = (p: SessionPort) => waitFor(p, 'status', (s) => s.state === 'connected');

/** A connected in-process port that runs one repeat to its end. */
async function repeatOnce(intervalMs: number, count: number) {
  const s = await setup();
  const opened = s.open();
  const ready = connected(opened.port);
  await opened.port.call('connect', s.options);
  await ready;
  const done = waitFor(opened.port, 'repeat', (p) => !p.running);
  await opened.port.call('start-repeat', {
    body: '{"n":1}',
    properties: { system: {}, application: {} },
    autoMessageId: true,
    intervalMs,
    count,
  });
  return { ...opened, ended: await done };
}

describe('the session port (in-process)', () => {
  it('connects, sends telemetry to acknowledged and receives C2D with its bytes as sent', async () => {
    const s = await setup();
    const { port } = s.open();
    const ready = connected(port);
    await port.call('connect', s.options);
    await ready;
    const acked = waitFor(port, 'telemetry', (u) => u.state === 'acknowledged');
    const id = await port.call('send-telemetry', {
      body: '{"t":1}',
      properties: { system: {}, application: {} },
      autoMessageId: true,
    });
    expect((await acked).id).toBe(id);

    const c2d = waitFor(port, 'c2d');
    const text = 'h\u00e9llo \u2713 {"x":1}';
    await s.service.sendC2d({ deviceId: s.deviceId }, { body: text, properties: {} });
    const m = await c2d;
    expect(m.body).toBeInstanceOf(Uint8Array);
    expect([...m.body]).toEqual([...new TextEncoder().encode(text)]);
  });

  it('runs a repeat to the end in the session, every message acknowledged, each with its own id', async () => {
    const { events, ended } = await repeatOnce(20, 5);
    expect(ended).toMatchObject({ sent: 5, max: 5 });
    const last = () => events.filter((e) => e.type === 'repeat').at(-1)?.payload;
    await expect.poll(() => last()).toMatchObject({ acknowledged: 5, failed: 0 });
    const ids = events.flatMap((e) =>
      e.type === 'telemetry' && e.payload.sent ? [e.payload.sent.properties.system.messageId] : [],
    );
    expect(new Set(ids).size).toBe(5);
  });

  it('posts fewer events at full speed: one gauge of a kind per batch, queued and sending as one', async () => {
    const { events, batches } = await repeatOnce(0, 200);
    const last = () => events.filter((e) => e.type === 'repeat').at(-1)?.payload;
    await expect.poll(() => last()).toMatchObject({ acknowledged: 200 });
    for (const batch of batches) {
      expect(batch.filter((e) => e.type === 'queue').length).toBeLessThanOrEqual(1);
      expect(batch.filter((e) => e.type === 'repeat').length).toBeLessThanOrEqual(1);
      const created = new Set(
        batch.flatMap((e) => (e.type === 'telemetry' && e.payload.sent ? [e.payload.id] : [])),
      );
      const sendingAgain = batch.filter(
        (e) => e.type === 'telemetry' && e.payload.state === 'sending' && !e.payload.sent,
      );
      expect(sendingAgain.filter((e) => created.has((e.payload as { id: string }).id))).toEqual([]);
    }
    // Nothing is lost: every message starts once and ends acknowledged once.
    const telemetry = events.flatMap((e) => (e.type === 'telemetry' ? [e.payload] : []));
    expect(telemetry.filter((u) => u.sent)).toHaveLength(200);
    expect(telemetry.filter((u) => u.state === 'acknowledged')).toHaveLength(200);
  });

  it('records the protocol at full speed with few records: telemetry past the budget is folded', async () => {
    const { events, batches } = await repeatOnce(0, 200);
    const protocol = () => events.flatMap((e) => (e.type === 'protocol' ? e.payload : []));
    const counted = () => {
      const entries = protocol();
      const single = entries.filter(
        (p) => p.packet === 'PUBLISH' && p.summary.startsWith('telemetry'),
      ).length;
      const folded = entries
        .filter((p) => p.packet.startsWith('PUBLISH ×'))
        .reduce((n, p) => n + Number(/×(\d+)/.exec(p.packet)?.[1]), 0);
      return { single, folded };
    };
    // Every message counted once; fold rows come at the end of their one-second window.
    await expect.poll(() => counted().single + counted().folded, { timeout: 5000 }).toBe(200);
    expect(counted().folded).toBeGreaterThan(0);
    for (const batch of batches)
      batch.forEach((e, i) => {
        if (e.type === 'protocol') expect(batch[i + 1]?.type).not.toBe('protocol');
      });
    const entries = protocol();
    expect(entries[0]).toMatchObject({ packet: 'CONNECT', dir: 'out' });
    // Far fewer than two records per message.
    expect(entries.length).toBeLessThan(200);
  });

  it('answers a method by rule, in the session, and says so', async () => {
    const s = await setup();
    const { port } = s.open();
    const ready = connected(port);
    await port.call('connect', s.options);
    await ready;
    await port.call('set-rules', [
      { id: 'r', method: 'reboot', status: 202, payload: '{"ok":true}', delayMs: 0, enabled: true },
    ]);
    const auto = waitFor(port, 'auto-response');
    const result = await s.service.invokeMethod(
      { deviceId: s.deviceId },
      { methodName: 'reboot', payload: null, responseTimeout: 10, connectTimeout: 0 },
    );
    expect(result.body).toEqual({ status: 202, payload: { ok: true } });
    expect((await auto).error).toBeUndefined();
  });

  it('two tabs of one browser: the one that connects last keeps the device, the other can take it back', async () => {
    const s = await setup();
    const first = s.open();
    const second = s.open();
    let ready = connected(first.port);
    await first.port.call('connect', s.options);
    await ready;

    const takenOver = waitFor(
      first.port,
      'status',
      (st) => st.state === 'error' && st.error.kind === 'taken-over',
    );
    ready = connected(second.port);
    await second.port.call('connect', s.options);
    await Promise.all([takenOver, ready]);

    const lost = waitFor(second.port, 'status', (st) => st.state === 'error');
    ready = connected(first.port);
    await first.port.call('reconnect', undefined);
    await ready;
    expect(await lost).toMatchObject({ error: { kind: 'taken-over' } });
  });
});

// DeviceSession against a real emulator started in-process (no mocks): every loop end to end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';

import { createHub, type Hub } from '../../emulator/hub.ts';
import { parseConnectionString } from '../iothub/connection-string.ts';

import { issueToken, linkOptions } from './connect-params.ts';
import { DeviceSession } from './device-session.ts';
import { FLAP_LIMIT } from './flap-detector.ts';
import { HubService } from './hub-service.ts';
import type { ConnectionStatus, SessionEvents } from './session-types.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startHub(o: { port?: number; dataDir?: string } = {}): Promise<Hub> {
  const hub = await createHub({
    port: o.port ?? 0,
    mqttPort: 0,
    ...(o.dataDir ? { dataDir: o.dataDir } : { inMemory: true }),
  });
  cleanups.push(() => hub.close().catch(() => undefined));
  return hub;
}

async function setup(o: { port?: number; dataDir?: string } = {}) {
  const hub = await startHub(o);
  const base = `http://127.0.0.1:${hub.ports.http}`;
  const service = await HubService.detect(base);
  if (!service) throw new Error('bootstrap failed');
  const deviceId = `dev-${Math.random().toString(36).slice(2, 8)}`;
  const cs = await service.deviceConnectionString(deviceId, true);
  const session = new DeviceSession();
  cleanups.push(() => session.disconnect());
  const parsed = parseConnectionString(cs);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const url = `ws://127.0.0.1:${hub.ports.http}/$iothub/websocket`;
  return { hub, base, service, deviceId, session, info: parsed.value, url };
}

function next<K extends keyof SessionEvents>(
  session: DeviceSession,
  type: K,
  accept: (p: SessionEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<SessionEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(type)} event`)), timeoutMs);
    const off = session.on(type, (p) => {
      if (!accept(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

const isState = (state: ConnectionStatus['state']) => (s: ConnectionStatus) => s.state === state;
const props = (application: Record<string, string> = {}) => ({ system: {}, application });

async function connected(s: Awaited<ReturnType<typeof setup>>) {
  const twin = next(s.session, 'twin');
  s.session.connect({ info: s.info, url: s.url });
  await next(s.session, 'status', isState('connected'));
  return twin;
}

describe('DeviceSession against the emulator', () => {
  it('connects, GETs the twin and gets telemetry acknowledged with its properties at the hub', async () => {
    const s = await setup();
    const twin = await connected(s);
    expect(twin.desired.$version).toBeTypeOf('number');
    const acked = next(s.session, 'telemetry', (u) => u.state === 'acknowledged');
    const id = s.session.sendTelemetry('{"t":1}', {
      system: { messageId: 'm-1', contentType: 'application/json' },
      application: { alert: 'yes' },
    });
    expect((await acked).id).toBe(id);
    const events = await s.service.events({ deviceId: s.deviceId });
    expect(events).toHaveLength(1);
    expect(events[0]?.body).toBe('{"t":1}');
    expect(events[0]?.properties.alert).toBe('yes');
  });

  it('stops with "not authorized" for a wrong key and does not retry', async () => {
    const s = await setup();
    const wrong = {
      ...s.info,
      auth: { kind: 'key' as const, sharedAccessKey: btoa('x'.repeat(32)) },
    };
    const statuses: ConnectionStatus[] = [];
    s.session.on('status', (st) => statuses.push(st));
    s.session.connect({ info: wrong, url: s.url });
    const err = await next(s.session, 'status', isState('error'));
    expect(err).toMatchObject({ state: 'error', error: { kind: 'not-authorized' } });
    await new Promise((r) => setTimeout(r, 400));
    expect(statuses.map((x) => x.state)).toEqual(['connecting', 'error']);
  });

  it('reports an unreachable endpoint', async () => {
    const s = await setup();
    s.session.connect({ info: s.info, url: 'ws://127.0.0.1:1/$iothub/websocket' });
    const err = await next(s.session, 'status', isState('error'));
    expect(err).toMatchObject({ error: { kind: 'unreachable' } });
  });

  it('receives C2D with properties, answers a direct method and patches reported', async () => {
    const s = await setup();
    await connected(s);
    const c2d = next(s.session, 'c2d');
    await s.service.sendC2d(
      { deviceId: s.deviceId },
      {
        body: '{"x":1}',
        messageId: 'c-1',
        properties: { color: 'red' },
      },
    );
    const m = await c2d;
    expect(m.properties.system.messageId).toBe('c-1');
    expect(m.properties.application.color).toBe('red');
    expect(new TextDecoder().decode(m.body)).toBe('{"x":1}');

    s.session.on('method', (req) => s.session.respondToMethod(req.rid, 201, '{"done":true}'));
    const r = await s.service.invokeMethod(
      { deviceId: s.deviceId },
      {
        methodName: 'reboot',
        payload: { a: 1 },
        responseTimeout: 10,
        connectTimeout: 0,
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 201, payload: { done: true } });

    const done = next(s.session, 'twin-request', (u) => u.kind === 'patch-reported' && !!u.status);
    s.session.patchReported({ fw: '1.2' });
    expect(await done).toMatchObject({ status: 204 });
    const twin = await s.service.json('GET', `/twins/${s.deviceId}`);
    expect((twin.body as { properties: { reported: { fw: string } } }).properties.reported.fw).toBe(
      '1.2',
    );
  });

  it('applies desired updates live with their version', async () => {
    const s = await setup();
    const twin = await connected(s);
    const before = twin.desired.$version as number;
    const desired = next(s.session, 'desired');
    await s.service.patchDesired({ deviceId: s.deviceId }, { interval: 5 });
    expect(await desired).toMatchObject({
      outcome: 'applied',
      version: before + 1,
      patch: { interval: 5 },
    });
  });

  it('renews its SAS token mid-stream without losing or duplicating telemetry', async () => {
    const s = await setup();
    await connected(s);
    const acked = new Set<string>();
    let acks = 0;
    s.session.on('telemetry', (u) => {
      if (u.state !== 'acknowledged') return;
      acks++;
      acked.add(u.id);
    });
    const renewed = next(s.session, 'twin'); // the post-reconnect GET
    for (let i = 0; i < 20; i++) {
      s.session.sendTelemetry(`{"n":${i}}`, props());
      if (i === 9) s.session.renewToken();
    }
    await renewed;
    await expect.poll(() => acked.size, { timeout: 10_000 }).toBe(20);
    expect(acks).toBe(20);
    expect(s.session.status.state).toBe('connected');
    const bodies = (await s.service.events({ deviceId: s.deviceId })).map((e) => e.body);
    expect(new Set(bodies).size).toBe(20);
  });

  it('reconnects on its own after the hub restarts and shows desired changes made while away', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'console-session-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const s = await setup({ dataDir });
    await connected(s);
    const port = s.hub.ports.http;
    await s.hub.close();
    // Wait for a retry that is far enough away to restart the hub and change the twin first.
    await next(
      s.session,
      'status',
      (st) => st.state === 'reconnecting' && st.nextTryAt - Date.now() > 500,
      20_000,
    );
    await startHub({ port, dataDir });
    const queued = s.session.sendTelemetry('{"while":"away"}', props());
    expect(s.session.queueSize).toBe(1);
    const back = next(s.session, 'twin', (t) => t.changedWhileAway.length > 0, 20_000);
    await s.service.patchDesired({ deviceId: s.deviceId }, { mode: 'eco' });
    expect((await back).changedWhileAway).toEqual(['mode']);
    await expect
      .poll(() =>
        s.service
          .events({ deviceId: s.deviceId })
          .then((e) => e.some((x) => x.body?.includes('away'))),
      )
      .toBe(true);
    expect(queued).toMatch(/^t/);
  });
});

/**
 * Another client connected as the same device (firmware, a second console): a raw mqtt.js client
 * over the same WebSocket endpoint, with the same credentials. With `reconnectPeriod` it fights
 * back like a device SDK would.
 */
async function otherClient(s: Awaited<ReturnType<typeof setup>>, reconnectPeriod: number) {
  const opts = { info: s.info, url: s.url };
  const lo = linkOptions(opts, (await issueToken(opts)).password);
  const client: MqttClient = mqtt.connect(lo.url, {
    protocolVersion: 4,
    clientId: lo.clientId,
    username: lo.username,
    password: lo.password,
    clean: false,
    reconnectPeriod,
  });
  cleanups.push(() => void client.end(true));
  return client;
}

describe('DeviceSession and another client connected as the same device', () => {
  it('reconnects after a single kick', async () => {
    const s = await setup();
    await connected(s);
    const kicked = next(s.session, 'log', (l) =>
      /closed the connection .* \(1 of 3 /.test(l.message),
    );
    const back = next(s.session, 'status', isState('connected'));
    const other = await otherClient(s, 0);
    await new Promise<void>((resolve) => other.once('connect', () => resolve()));
    await kicked;
    // The other client is kicked in turn by our reconnect and does not come back.
    await back;
    await expect.poll(() => other.connected).toBe(false);
    expect(s.session.status.state).toBe('connected');
  });

  it('stops after being closed right after CONNACK 3 times in a row, and connects again once the other client is gone', async () => {
    const s = await setup();
    await connected(s);
    const states: string[] = [];
    s.session.on('status', (st) => states.push(st.state));
    const stopped = next(s.session, 'status', isState('error'), 20_000);
    const other = await otherClient(s, 100);
    expect(await stopped).toEqual({
      state: 'error',
      error: {
        kind: 'kicked-repeatedly',
        message:
          'Stopped: IoT Hub closed this connection right after it opened, 3 times in a row. Another client is probably connected as this device (IoT Hub keeps one connection per device, error 400027). Close the other client, then Connect.',
      },
    });
    expect(FLAP_LIMIT).toBe(3);
    // Kicked, back, kicked, back, kicked: stopped on the third, without a fourth CONNECT.
    expect(states).toEqual(['reconnecting', 'connected', 'reconnecting', 'connected', 'error']);
    // The other client now keeps the device.
    await expect.poll(() => other.connected).toBe(true);

    await new Promise<void>((resolve) => other.end(false, {}, () => resolve()));
    await connected(s);
    const acked = next(s.session, 'telemetry', (u) => u.state === 'acknowledged');
    s.session.sendTelemetry('{"after":"stop"}', props());
    await acked;
    expect(s.session.status.state).toBe('connected');
  });
});

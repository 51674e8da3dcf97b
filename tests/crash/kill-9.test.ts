// Crash safety under kill -9 (DEVELOPERS.md; docs/emulator.md "Crash safety"). The real emulator
// runs as a child process on a temporary data dir; in each of ROUNDS rounds, devices and the
// service API load it concurrently, it is SIGKILLed by PID at a seeded point mid-stream, the
// database is checked with PRAGMA integrity_check, and it is restarted on the same dir. Then the
// suite asserts what users would see: everything the emulator acknowledged is still there.
// Re-run a failure with CRASH_SEED=<seed printed in the failure>.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, afterEach, expect, test } from 'vitest';

import { parseTopic } from '../../src/iothub/topics.ts';

import { checkTwinSection, eventProblems, type Json } from './checks.ts';
import {
  connackCode,
  type C2dDelivery,
  openClients,
  openSockets,
  rawC2dDevice,
  startPublisher,
  startReporter,
} from './devices.ts';
import {
  type EmulatorProcess,
  killAll,
  killHard,
  type Reply,
  type Rest,
  restClient,
  seededRandom,
  startEmulator,
  waitUntil,
} from './emulator-process.ts';

const json = (r: Reply): Json => r.json;

const SEED = Number(process.env.CRASH_SEED ?? 20_260_607);
const ROUNDS = 3;
const OWNER_KEY = randomBytes(32).toString('base64');
const TELEMETRY_DEVICES = ['crash-tel-0', 'crash-tel-1', 'crash-tel-2', 'crash-tel-3'];
const TWIN_DEVICE = 'crash-twin';
const C2D_DEVICE = 'crash-c2d';
const C2D_SETTLED = 6; // per round, delivered and (partly) completed before the load
const C2D_DURING = 12; // per round, sent during the load; queue stays far below its 50
const REGISTRY_OPS = 24; // per round: create, disable, create, disable, ...
const WINDOW = 16; // QoS 1 telemetry messages awaiting PUBACK, per device

const keys = new Map<string, string>();
const keyOf = (id: string) => keys.get(id) ?? '';
/** Every telemetry message sent (id → what it carried) and every one whose PUBACK arrived. */
const sent = new Map<string, { deviceId: string; n: number; round: number }>();
const acked = new Set<string>();
const registry = { created: new Set<string>(), disabled: new Set<string>(), unsure: new Set() };
const twin = { reported: { n: 0, version: 0 }, desired: { n: 0, version: 0 } };
let dataDir: string | undefined;
let emu: EmulatorProcess;
let rest: Rest;

afterEach(async () => {
  for (const c of openClients) c.end(true);
  openClients.clear();
  for (const s of openSockets) s.destroy();
  await killAll(); // only children this suite spawned, by PID
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const c2dBody = (id: string) => `c2d body of ${id}`;
const sendC2d = (id: string) =>
  rest('POST', `/devices/${C2D_DEVICE}/messages/deviceBound`, c2dBody(id), {
    'iothub-messageid': id,
    'content-type': 'text/plain',
  });

async function c2dPending(): Promise<number> {
  const devices = json(await rest('GET', '/emulator/devices')).devices as Json[];
  return devices.find((d) => d.deviceId === C2D_DEVICE).cloudToDeviceMessageCount as number;
}

async function allEvents(): Promise<Json[]> {
  const events: Json[] = [];
  for (;;) {
    const after = events.at(-1)?.sequenceNumber ?? 0;
    const page = json(await rest('GET', `/emulator/events?after=${after}&limit=1000`)).events;
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

async function createDevice(id: string): Promise<void> {
  const key = randomBytes(32).toString('base64');
  const symmetricKey = { primaryKey: key, secondaryKey: randomBytes(32).toString('base64') };
  const res = await rest('PUT', `/devices/${id}`, {
    deviceId: id,
    authentication: { type: 'sas', symmetricKey },
  });
  expect(res.status).toBe(200);
  keys.set(id, key);
}

async function round(r: number): Promise<string> {
  const rng = seededRandom(SEED * 7919 + r);
  const killAt = 300 + Math.floor(rng() * 1500); // acknowledged telemetry messages before the kill
  const completeSettled = [...Array(C2D_SETTLED).keys()].map((i) =>
    i < 2 ? i === 0 : rng() < 0.5,
  );
  const completeDuring = [...Array(C2D_DURING).keys()].map(() => rng() < 0.5);
  let stopping = false;
  const stopped = () => stopping;
  /** A REST call that may fail only once the kill is under way (its outcome is then unknown). */
  const call = async (p: Promise<Reply>) => {
    try {
      return await p;
    } catch (e) {
      if (stopping) return undefined;
      throw e;
    }
  };

  // C2D, settled before the load: the hub itself confirms (pending count) which are complete.
  const c2d = await rawC2dDevice(emu.mqtt, C2D_DEVICE, keyOf(C2D_DEVICE));
  const settledIds = [...Array(C2D_SETTLED).keys()].map((i) => `r${r}.settled${i}`);
  for (const id of settledIds) expect((await sendC2d(id)).status).toBe(204);
  const delivery = (id: string) => c2d.deliveries.find((d) => d.messageId === id);
  await waitUntil('the settled C2D messages to arrive', () => settledIds.every(delivery));
  const completed = new Set(settledIds.filter((_, i) => completeSettled[i]));
  for (const id of completed) c2d.ack(delivery(id) as C2dDelivery);
  await waitUntil(
    'the hub to complete the PUBACKed C2D messages',
    async () => (await c2dPending()) === C2D_SETTLED - completed.size,
  );

  // The load: telemetry, reported and desired patches, C2D sends and registry writes at once.
  const publishers = await Promise.all(
    TELEMETRY_DEVICES.map((deviceId) =>
      startPublisher({
        port: emu.mqtt,
        deviceId,
        key: keyOf(deviceId),
        round: r,
        window: WINDOW,
        max: 3000,
        stopped,
      }),
    ),
  );
  const ackedNow = () => publishers.reduce((n, p) => n + p.acked.size, 0);
  /** Spreads a bounded series of operations over the stream up to (and past) the kill point. */
  const paced = (i: number, of: number) =>
    waitUntil('load progress', () => stopped() || ackedNow() >= (killAt * 1.3 * i) / of, 20_000, 5);
  const reporter = await startReporter({
    port: emu.mqtt,
    deviceId: TWIN_DEVICE,
    key: keyOf(TWIN_DEVICE),
    firstN: twin.reported.n + 1,
    max: 2000,
    stopped,
  });
  const desired = {
    answered: [] as { n: number; version: number }[],
    inFlight: undefined as number | undefined,
  };
  const desiredLoop = (async () => {
    for (let n = twin.desired.n + 1; n <= twin.desired.n + 400 && !stopped(); n++) {
      await paced(n - twin.desired.n - 1, 400);
      if (stopped()) return;
      desired.inFlight = n;
      const res = await call(
        rest('PATCH', `/twins/${TWIN_DEVICE}`, { properties: { desired: { n } } }),
      );
      if (!res) return;
      expect(res.status).toBe(200);
      desired.answered.push({ n, version: json(res).properties.desired.$version });
      desired.inFlight = undefined;
    }
  })();
  const registryLoop = (async () => {
    for (let i = 0; i < REGISTRY_OPS && !stopped(); i++) {
      await paced(i, REGISTRY_OPS);
      if (stopped()) return;
      const id = `crash-reg-r${r}-${Math.floor(i / 2)}`;
      if (i % 2 === 0) {
        const key = randomBytes(32).toString('base64');
        keys.set(id, key);
        registry.unsure.add(id);
        const body = {
          deviceId: id,
          authentication: { symmetricKey: { primaryKey: key, secondaryKey: key } },
        };
        const res = await call(rest('PUT', `/devices/${id}`, body));
        if (!res) return;
        expect(res.status).toBe(200);
        registry.created.add(id);
      } else {
        const res = await call(
          rest('PUT', `/devices/${id}`, { deviceId: id, status: 'disabled' }, { 'if-match': '*' }),
        );
        if (!res) return;
        expect(res.status).toBe(200);
        registry.disabled.add(id);
      }
      registry.unsure.delete(id);
    }
  })();
  const duringIds: string[] = [];
  const accepted = new Set<string>();
  const c2dLoop = (async () => {
    for (let i = 0; i < C2D_DURING && !stopped(); i++) {
      await paced(i, C2D_DURING);
      if (stopped()) return;
      // PUBACK a seeded half of what has arrived so far; the rest stays unacknowledged.
      for (const d of c2d.deliveries) {
        const at = duringIds.indexOf(d.messageId);
        if (at >= 0 && completeDuring[at] && !c2d.acked.has(d.messageId)) c2d.ack(d);
      }
      const id = `r${r}.during${i}`;
      duringIds.push(id);
      const res = await call(sendC2d(id));
      if (!res) return;
      expect(res.status).toBe(204);
      accepted.add(id);
    }
  })();

  await waitUntil(
    `${killAt} acknowledged telemetry messages`,
    () => ackedNow() >= killAt,
    20_000,
    2,
  );
  stopping = true;
  const diedAt = emu.pid;
  await killHard(emu);
  // Bytes the emulator wrote before it died still reach the clients: wait until each has seen
  // the end of its stream, so every PUBACK and response it sent is counted.
  await waitUntil(
    'the clients to see their connections end',
    () =>
      publishers.every((p) => !p.client.connected) && !reporter.client.connected && c2d.closed(),
  );
  const loops = await Promise.allSettled([reporter.loop, desiredLoop, registryLoop, c2dLoop]);
  for (const l of loops) if (l.status === 'rejected') throw l.reason;
  for (const p of publishers) {
    for (const [id, n] of p.sent) sent.set(id, { deviceId: p.deviceId, n, round: r });
    for (const id of p.acked) acked.add(id);
  }

  // The file as the kill left it, before anything repairs it: SQLite must find it intact.
  const db = new Database(join(dataDir ?? '', 'hub.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  let integrity: unknown;
  let rows: { n: number };
  try {
    integrity = db.pragma('integrity_check', { simple: true });
    rows = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events').get() ?? { n: -1 };
  } finally {
    db.close();
  }
  expect(integrity, `integrity_check after kill ${r} (seed ${SEED})`).toBe('ok');

  emu = await startEmulator(dataDir ?? '', OWNER_KEY); // resolves only on GET /health 200
  rest = restClient(emu.http, OWNER_KEY);
  expect(emu.pid).not.toBe(diedAt);

  // Telemetry: every acknowledged message, once, intact, with consecutive sequence numbers.
  const events = await allEvents();
  expect(events.length).toBe(rows.n);
  const gaps = events.filter((e, i) => e.sequenceNumber !== i + 1).map((e) => e.sequenceNumber);
  expect(gaps, 'sequence numbers are 1, 2, 3, ... with no gap or repeat').toEqual([]);
  const { stored, bad } = eventProblems(events, sent);
  expect(bad, `corrupt or duplicate events (seed ${SEED})`).toEqual([]);
  const lost = [...acked].filter((id) => !stored.has(id));
  expect(lost, `acknowledged telemetry lost in round ${r} (seed ${SEED})`).toEqual([]);

  // Twin: acknowledged reported (204) and desired (200) patches with their $version.
  const props = json(await rest('GET', `/twins/${TWIN_DEVICE}`)).properties;
  twin.reported = checkTwinSection(
    'reported',
    twin.reported,
    reporter.state.acked,
    reporter.state.inFlight,
    props.reported,
  );
  twin.desired = checkTwinSection(
    'desired',
    twin.desired,
    desired.answered,
    desired.inFlight,
    props.desired,
  );

  // Registry: answered creates and disables survive; a disabled device is refused (CONNACK 5).
  for (const id of registry.created) {
    const res = await rest('GET', `/devices/${id}`);
    expect(res.status, `${id} was created`).toBe(200);
    if (registry.disabled.has(id)) expect(json(res).status, id).toBe('disabled');
    else if (!registry.unsure.has(id)) expect(json(res).status, id).toBe('enabled');
  }
  const lastDisabled = [...registry.disabled].at(-1);
  if (lastDisabled) expect(await connackCode(emu.mqtt, lastDisabled, keyOf(lastDisabled))).toBe(5);

  // C2D: reconnect without subscribing (the CleanSession 0 subscription, stored before its
  // SUBACK, must have survived too) and PUBACK whatever comes until the hub's queue is empty. The
  // hub sends every pending message on connect, so what arrives is exactly what survived.
  const again = await rawC2dDevice(emu.mqtt, C2D_DEVICE, keyOf(C2D_DEVICE), false);
  expect(again.sessionPresent, 'session kept across the kill').toBe(true);
  let next = 0;
  await waitUntil('the C2D queue to drain after the restart', async () => {
    for (; next < again.deliveries.length; next++) again.ack(again.deliveries[next] as C2dDelivery);
    return (await c2dPending()) === 0;
  });
  again.close();
  const got = again.deliveries.map((d) => d.messageId);
  expect(again.deliveries.filter((d) => parseTopic(d.topic).kind !== 'c2d')).toEqual([]);
  expect(again.deliveries.filter((d) => d.body !== c2dBody(d.messageId))).toEqual([]);
  expect(
    got.filter((id, i) => got.indexOf(id) !== i),
    'C2D delivered twice',
  ).toEqual([]);
  // Accepted with a 2xx and never PUBACKed by the device: delivered after the restart.
  const owed = [
    ...settledIds.filter((id) => !completed.has(id)),
    ...[...accepted].filter((id) => !c2d.acked.has(id)),
  ];
  expect(
    owed.filter((id) => !got.includes(id)),
    `C2D lost (seed ${SEED})`,
  ).toEqual([]);
  // Completed before the kill (the hub's own count said so): not delivered again.
  expect(
    got.filter((id) => completed.has(id)),
    'completed C2D redelivered',
  ).toEqual([]);
  // Nothing that was never sent. Messages the device PUBACKed during the load may come back: the
  // PUBACK can still have been in a socket buffer when the hub died, and then the hub never
  // completed the message; redelivery is MQTT QoS 1 at-least-once, as on IoT Hub (spec §6).
  const posted = new Set([...settledIds, ...duringIds]);
  expect(got.filter((id) => !posted.has(id))).toEqual([]);

  const sentNow = publishers.reduce((n, p) => n + p.sent.size, 0);
  const ackedRound = ackedNow();
  const storedRound = events.filter((e) => e.properties.round === String(r)).length;
  const redelivered = got.filter((id) => c2d.acked.has(id)).length;
  return (
    `round ${r} (seed ${SEED}): kill after ${killAt} acks; telemetry sent ${sentNow}, ` +
    `acked ${ackedRound}, recovered ${storedRound} (${storedRound - ackedRound} unacked kept, 0 lost); ` +
    `C2D accepted ${C2D_SETTLED + accepted.size}, owed ${owed.length} all delivered, ` +
    `${redelivered} PUBACKed-at-kill redelivered; reported ${reporter.state.acked.length} acked` +
    `${twin.reported.n === reporter.state.inFlight ? ' + in-flight kept' : ''}, desired ` +
    `${desired.answered.length}; registry so far ${registry.created.size} created, ${registry.disabled.size} disabled`
  );
}

test(
  'acknowledged writes survive kill -9 and the database stays intact',
  { timeout: 90_000 },
  async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'iothub-kill9-'));
    emu = await startEmulator(dataDir, OWNER_KEY);
    rest = restClient(emu.http, OWNER_KEY);
    for (const id of [...TELEMETRY_DEVICES, TWIN_DEVICE, C2D_DEVICE]) await createDevice(id);
    const props = json(await rest('GET', `/twins/${TWIN_DEVICE}`)).properties;
    twin.reported = { n: 0, version: props.reported.$version };
    twin.desired = { n: 0, version: props.desired.$version };

    const figures: string[] = [];
    for (let r = 1; r <= ROUNDS; r++) figures.push(await round(r));
    console.log(figures.join('\n'));
    expect(json(await rest('GET', '/health')).status).toBe('ok');
  },
);

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { connectDevice, keyOf, service, startHub } from './test/helpers.ts';

describe('telemetry (spec §3.1)', () => {
  it('stores the message with its properties and stamped system properties before the PUBACK', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await client.publishAsync(
      'devices/device-1/messages/events/%24.mid=msg-1&%24.cid=corr-1&%24.ct=application%2Fjson&%24.ce=utf-8&alert=true',
      '{"t":21.5}',
      { qos: 1 },
    );
    // publishAsync resolved on PUBACK, so the event must already be in the log.
    const { json } = await service(hub).call('GET', '/emulator/events?deviceId=device-1');
    expect(json.events).toHaveLength(1);
    const e = json.events[0];
    expect(e).toMatchObject({
      deviceId: 'device-1',
      moduleId: null,
      body: '{"t":21.5}',
      properties: { alert: 'true' },
    });
    expect(e.bodyBase64).toBe(Buffer.from('{"t":21.5}').toString('base64'));
    expect(e.systemProperties).toMatchObject({
      'message-id': 'msg-1',
      'correlation-id': 'corr-1',
      'content-type': 'application/json',
      'content-encoding': 'utf-8',
      'iothub-connection-device-id': 'device-1',
      'iothub-message-source': 'Telemetry',
    });
    expect(JSON.parse(e.systemProperties['iothub-connection-auth-method'])).toMatchObject({
      scope: 'device',
      type: 'sas',
    });
    expect(e.systemProperties['iothub-enqueuedtime']).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/,
    );
  });

  it('gives a non-UTF-8 body only as base64', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await client.publishAsync(
      'devices/device-1/messages/events/',
      Buffer.from([0xff, 0xfe, 0x00]),
      { qos: 1 },
    );
    const { json } = await service(hub).call('GET', '/emulator/events');
    expect(json.events[0]).toMatchObject({ body: null, bodyBase64: '//4A' });
  });

  it('forwards RETAIN as the mqtt-retain application property', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await client.publishAsync('devices/device-1/messages/events/', 'r', { qos: 1, retain: true });
    const { json } = await service(hub).call('GET', '/emulator/events');
    expect(json.events[0].properties).toEqual({ 'mqtt-retain': 'true' });
  });

  it('stamps the module id for module telemetry', async () => {
    const hub = await startHub();
    await service(hub).call('PUT', '/devices/device-1/modules/m1', {});
    const { client } = await connectDevice(hub, {
      moduleId: 'm1',
      key: keyOf(hub, 'device-1', 'm1'),
    });
    await client.publishAsync('devices/device-1/modules/m1/messages/events/%24.on=out1/', 'x', {
      qos: 1,
    });
    const { json } = await service(hub).call(
      'GET',
      '/emulator/events?deviceId=device-1&moduleId=m1',
    );
    expect(json.events[0]).toMatchObject({ moduleId: 'm1' });
    expect(json.events[0].systemProperties).toMatchObject({
      'iothub-connection-module-id': 'm1',
      'iothub-outputname': 'out1',
    });
  });

  it('stores the Will as telemetry when the connection drops without DISCONNECT', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub, {
      will: {
        topic: 'devices/device-1/messages/events/',
        payload: Buffer.from('gone'),
        qos: 1,
        retain: false,
      },
    });
    const stream = (client as unknown as { stream: { destroy: () => void } }).stream;
    stream.destroy();
    let events: { body: string; properties: Record<string, string> }[] = [];
    for (let i = 0; i < 100 && events.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = (await service(hub).call('GET', '/emulator/events')).json.events;
    }
    expect(events[0]).toMatchObject({ body: 'gone', properties: { 'iothub-MessageType': 'Will' } });
  });

  it('does not store the Will after a clean DISCONNECT', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub, {
      will: {
        topic: 'devices/device-1/messages/events/',
        payload: Buffer.from('gone'),
        qos: 1,
        retain: false,
      },
    });
    await client.publishAsync('devices/device-1/messages/events/', 'last', { qos: 1 });
    await client.endAsync();
    const log = await service(hub).call('GET', '/emulator/connections?deviceId=device-1');
    expect(log.json.connections.at(-1)).toMatchObject({ reason: 'client-disconnected' });
    const { json } = await service(hub).call('GET', '/emulator/events');
    expect(json.events.map((e: { body: string }) => e.body)).toEqual(['last']);
  });

  it('stamps dt-dataschema and sets the twin modelId from the username model-id', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub, {
      username: 'localhost/device-1/?api-version=2021-04-12&model-id=dtmi:com:example:Thermostat;1',
    });
    await client.publishAsync('devices/device-1/messages/events/', '{}', { qos: 1 });
    const api = service(hub);
    const { json } = await api.call('GET', '/emulator/events');
    expect(json.events[0].systemProperties['dt-dataschema']).toBe('dtmi:com:example:Thermostat;1');
    expect((await api.call('GET', '/twins/device-1')).json.modelId).toBe(
      'dtmi:com:example:Thermostat;1',
    );
  });

  it('keeps at most maxCount events', async () => {
    const hub = await startHub({ telemetryRetention: { maxCount: 3, maxAgeSeconds: 3600 } });
    const { client } = await connectDevice(hub);
    for (let i = 1; i <= 5; i++)
      await client.publishAsync('devices/device-1/messages/events/', `m${i}`, { qos: 1 });
    const { json } = await service(hub).call('GET', '/emulator/events');
    expect(json.events.map((e: { body: string }) => e.body)).toEqual(['m3', 'm4', 'm5']);
  });

  it('has every message of a burst committed to SQLite when its PUBACK arrives (group commit)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-burst-'));
    try {
      const hub = await startHub({ inMemory: false, dataDir });
      // A second connection sees only committed transactions (WAL), so what it finds at the
      // moment a PUBACK is parsed is what a kill -9 right then would leave on disk.
      const reader = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
      const committed = reader.prepare<[Buffer], { n: number }>(
        'SELECT COUNT(*) AS n FROM events WHERE body = ?',
      );
      const { client } = await connectDevice(hub);
      const sent = new Map<number, string>();
      const missing: string[] = [];
      let acked = 0;
      client.on('packetsend', (p) => {
        if (p.cmd === 'publish' && p.messageId !== undefined)
          sent.set(p.messageId, String(p.payload));
      });
      client.on('packetreceive', (p) => {
        if (p.cmd !== 'puback' || p.messageId === undefined) return;
        acked++;
        const body = sent.get(p.messageId) ?? '?';
        if (committed.get(Buffer.from(body))?.n !== 1) missing.push(body);
      });
      const bodies = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
      // All at once, so many arrive in one socket read and share a transaction.
      await Promise.all(
        bodies.map((b) => client.publishAsync('devices/device-1/messages/events/', b, { qos: 1 })),
      );
      reader.close();
      expect(acked).toBe(bodies.length);
      expect(missing).toEqual([]);
      // Stored in arrival order with increasing sequence numbers.
      const { json } = await service(hub).call('GET', '/emulator/events?limit=1000');
      const events = json.events as { body: string; sequenceNumber: number }[];
      expect(events.map((e) => e.body)).toEqual(bodies);
      for (let i = 1; i < events.length; i++)
        expect(events[i]!.sequenceNumber).toBe(events[i - 1]!.sequenceNumber + 1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';

import { connectDevice, service, startHub, subscribe } from './test/helpers.ts';

/** Reads server-sent events until `count` data lines arrived. */
async function readSse(
  url: string,
  headers: Record<string, string>,
  count: number,
  afterOpen?: () => Promise<void>,
) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  const items: { id: number; data: unknown }[] = [];
  let buffer = '';
  let opened = false;
  while (items.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(': connected') && !opened) {
        opened = true;
        await afterOpen?.();
      }
      const id = /^id: (\d+)$/m.exec(block);
      const data = /^data: (.*)$/m.exec(block);
      if (id && data) items.push({ id: Number(id[1]), data: JSON.parse(data[1] ?? 'null') });
    }
  }
  controller.abort();
  return items;
}

describe('/emulator endpoints', () => {
  it('streams telemetry as server-sent events, with backfill after a sequence number', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    await client.publishAsync('devices/device-1/messages/events/', 'early', { qos: 1 });
    const token = await service(hub).token();
    const base = `http://127.0.0.1:${hub.ports.http}/emulator/events/stream`;
    const items = await readSse(
      `${base}?after=0&deviceId=device-1`,
      { authorization: token },
      2,
      async () => {
        await client.publishAsync('devices/device-1/messages/events/', 'live', { qos: 1 });
      },
    );
    expect(items.map((i) => (i.data as { body: string }).body)).toEqual(['early', 'live']);
    expect(items[1]?.id).toBeGreaterThan(items[0]?.id ?? Infinity);
    // EventSource cannot send headers: the stream also takes ?authorization=.
    const viaQuery = await readSse(
      `${base}?after=0&authorization=${encodeURIComponent(token)}`,
      {},
      2,
    );
    expect(viaQuery).toHaveLength(2);
    const denied = await fetch(base);
    expect(denied.status).toBe(401);
  });

  it('pages the events log with after and limit', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    for (const b of ['a', 'b', 'c'])
      await client.publishAsync('devices/device-1/messages/events/', b, { qos: 1 });
    const api = service(hub);
    const first = (await api.call('GET', '/emulator/events?limit=2')).json.events;
    expect(first.map((e: { body: string }) => e.body)).toEqual(['a', 'b']);
    const rest = (await api.call('GET', `/emulator/events?after=${first[1].sequenceNumber}`)).json
      .events;
    expect(rest.map((e: { body: string }) => e.body)).toEqual(['c']);
  });

  it('lists identities with their live connection state and subscriptions', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub, { transport: 'ws' });
    await subscribe(client, '$iothub/methods/POST/#');
    const { json } = await service(hub).call('GET', '/emulator/devices');
    expect(json.devices).toEqual([
      expect.objectContaining({
        deviceId: 'device-1',
        moduleId: null,
        connectionState: 'Connected',
        transport: 'ws',
        subscriptions: ['$iothub/methods/POST/#'],
      }),
    ]);
  });

  it('records connects, refusals and disconnects with reasons, and streams them', async () => {
    const hub = await startHub();
    const token = await service(hub).token();
    const url = `http://127.0.0.1:${hub.ports.http}/emulator/connections/stream?deviceId=device-1`;
    const items = await readSse(url, { authorization: token }, 3, async () => {
      const { client } = await connectDevice(hub);
      await client.endAsync();
      await connectDevice(hub, { key: Buffer.alloc(32, 1).toString('base64') }).catch(
        () => undefined,
      );
    });
    expect(items.map((i) => i.data)).toEqual([
      expect.objectContaining({ event: 'connect', reason: 'connected', transport: 'mqtt' }),
      expect.objectContaining({ event: 'disconnect', reason: 'client-disconnected' }),
      expect.objectContaining({ event: 'refused', reason: 'bad-token' }),
    ]);
  });
});

import { describe, expect, it } from 'vitest';

import { connectDevice, nextMessage, service, startHub, subscribe } from './test/helpers.ts';

async function twinDevice() {
  const hub = await startHub();
  const { client } = await connectDevice(hub);
  await subscribe(client, '$iothub/twin/res/#');
  const request = async (topic: string, body: string) => {
    const reply = nextMessage(client, (t) => t.startsWith('$iothub/twin/res/'));
    await client.publishAsync(topic, body);
    const { topic: t, payload } = await reply;
    return { topic: t, body: payload.toString() };
  };
  return { hub, client, request, api: service(hub) };
}

describe('twin over MQTT (spec §3.3, §4)', () => {
  it('GET answers 200 with desired and reported and their versions', async () => {
    const { request } = await twinDevice();
    const res = await request('$iothub/twin/GET/?$rid=abc', ' ');
    expect(res.topic).toBe('$iothub/twin/res/200/?$rid=abc');
    expect(JSON.parse(res.body)).toEqual({ desired: { $version: 1 }, reported: { $version: 1 } });
  });

  it('reported PATCH merges, deletes with null, and answers 204 with the new $version', async () => {
    const { request, api } = await twinDevice();
    const first = await request(
      '$iothub/twin/PATCH/properties/reported/?$rid=1',
      JSON.stringify({ fw: { v: '1', ch: 'beta' }, temp: 20 }),
    );
    expect(first).toEqual({ topic: '$iothub/twin/res/204/?$rid=1&$version=2', body: '' });
    const second = await request(
      '$iothub/twin/PATCH/properties/reported/?$rid=2',
      JSON.stringify({ fw: { ch: null }, temp: null }),
    );
    expect(second.topic).toBe('$iothub/twin/res/204/?$rid=2&$version=3');
    const got = await request('$iothub/twin/GET/?$rid=3', ' ');
    expect(JSON.parse(got.body).reported).toEqual({ fw: { v: '1' }, $version: 3 });
    const twin = (await api.call('GET', '/twins/device-1')).json;
    expect(twin.properties.reported.$metadata.fw.v.$lastUpdated).toMatch(/Z$/);
    expect(twin.properties.reported.$metadata.temp).toBeUndefined();
  });

  it('answers 400 with a JSON errorCode body for invalid patches', async () => {
    const { request } = await twinDevice();
    const bad = await request('$iothub/twin/PATCH/properties/reported/?$rid=9', '{not json');
    expect(bad.topic).toBe('$iothub/twin/res/400/?$rid=9');
    expect(JSON.parse(bad.body)).toMatchObject({ errorCode: 400004 });
    const badKey = await request(
      '$iothub/twin/PATCH/properties/reported/?$rid=10',
      JSON.stringify({ 'a.b': 1 }),
    );
    expect(badKey.topic).toBe('$iothub/twin/res/400/?$rid=10');
    expect(JSON.parse(badKey.body).errorCode).toBe(400004);
    const tooBig = await request(
      '$iothub/twin/PATCH/properties/reported/?$rid=11',
      JSON.stringify(
        Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, 'x'.repeat(3000)])),
      ),
    );
    expect(tooBig.topic).toBe('$iothub/twin/res/400/?$rid=11');
  });

  it('pushes desired changes made through the service API with their version', async () => {
    const { client, api } = await twinDevice();
    await subscribe(client, '$iothub/twin/PATCH/properties/desired/#');
    const pushed = nextMessage(client, (t) =>
      t.startsWith('$iothub/twin/PATCH/properties/desired/'),
    );
    const res = await api.call(
      'PATCH',
      '/twins/device-1',
      { properties: { desired: { interval: 5, mode: null } } },
      { 'if-match': '*' },
    );
    expect(res.status).toBe(200);
    expect(res.json.properties.desired).toMatchObject({ interval: 5, $version: 2 });
    expect(res.json.properties.desired.$metadata.interval).toMatchObject({
      $lastUpdatedVersion: 2,
    });
    const msg = await pushed;
    expect(msg.topic).toBe('$iothub/twin/PATCH/properties/desired/?$version=2');
    expect(JSON.parse(msg.payload.toString())).toEqual({ interval: 5, mode: null, $version: 2 });
  });

  it('checks the twin ETag on PATCH (412 on mismatch) and keeps tags from the device', async () => {
    const { api, request } = await twinDevice();
    const twin = (await api.call('GET', '/twins/device-1')).json;
    const stale = await api.call(
      'PATCH',
      '/twins/device-1',
      { tags: { site: 'a' } },
      { 'if-match': '"AAAAAAAAAAA="' },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('iothub-errorcode')).toBe('PreconditionFailed');
    const ok = await api.call(
      'PATCH',
      '/twins/device-1',
      { tags: { site: 'a' } },
      { 'if-match': `"${twin.etag}"` },
    );
    expect(ok.json.tags).toEqual({ site: 'a' });
    expect(ok.json.etag).not.toBe(twin.etag);
    const device = await request('$iothub/twin/GET/?$rid=t', ' ');
    expect(JSON.parse(device.body)).not.toHaveProperty('tags');
  });

  it('PUT replaces desired and tells the device the whole new document', async () => {
    const { client, api } = await twinDevice();
    await api.call('PATCH', '/twins/device-1', { properties: { desired: { a: 1, b: 2 } } });
    await subscribe(client, '$iothub/twin/PATCH/properties/desired/#');
    const pushed = nextMessage(client, (t) =>
      t.startsWith('$iothub/twin/PATCH/properties/desired/'),
    );
    const res = await api.call('PUT', '/twins/device-1', {
      tags: {},
      properties: { desired: { c: 3 } },
    });
    expect(res.json.properties.desired).toMatchObject({ c: 3, $version: 3 });
    expect(res.json.properties.desired).not.toHaveProperty('a');
    expect(JSON.parse((await pushed).payload.toString())).toEqual({ c: 3, $version: 3 });
  });

  it.each([
    ['device', '/twins/device-1', undefined],
    ['module', '/twins/device-1/modules/edge-a', 'edge-a'],
  ] as const)(
    'PATCH with "desired": null clears every desired property of a %s, moves $version and tells it',
    async (_kind, path, moduleId) => {
      const hub = await startHub();
      const api = service(hub);
      if (moduleId) await api.call('PUT', `/devices/device-1/modules/${moduleId}`, {});
      await api.call('PATCH', path, {
        tags: { site: 'lab' },
        properties: { desired: { a: 1, b: { c: 2 } } },
      });
      const { client } = await connectDevice(hub, moduleId ? { moduleId } : {});
      await subscribe(client, '$iothub/twin/PATCH/properties/desired/#');
      const pushed = nextMessage(client, (t) =>
        t.startsWith('$iothub/twin/PATCH/properties/desired/'),
      );
      const res = await api.call('PATCH', path, { properties: { desired: null } });
      expect(res.status).toBe(200);
      const desired = res.json.properties.desired;
      expect(Object.keys(desired).sort()).toEqual(['$metadata', '$version']);
      expect(desired.$version).toBe(3);
      expect(res.json.tags).toEqual({ site: 'lab' }); // only the section set to null goes
      const msg = await pushed;
      expect(msg.topic).toBe('$iothub/twin/PATCH/properties/desired/?$version=3');
      expect(JSON.parse(msg.payload.toString())).toEqual({ a: null, b: null, $version: 3 });
      const tagsCleared = await api.call('PATCH', path, { tags: null });
      expect(tagsCleared.json.tags ?? {}).toEqual({});
    },
  );
});

// azure-iothub's Registry.createQuery, unchanged, against the emulator's query engine: paging with
// continuation tokens, projections, COUNT() with GROUP BY and devices.modules, shaped as the
// SDK samples read them (Microsoft Learn, "IoT Hub query language for device and module twins,
// jobs, and message routing").
import { expect, test } from 'vitest';

import { uniqueId, within } from './helpers.ts';
import { tlsHubSuite } from './sdk.ts';

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0 });

/** Five devices sharing a fresh site tag, two on firmware 2.0; returns the tag. */
async function fleet(): Promise<{ site: string; ids: string[] }> {
  const site = uniqueId('site');
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { deviceId } = await suite.rest.createDevice(suite.hub, 'q');
    await suite.rest.json('PATCH', `/twins/${deviceId}`, {
      tags: { site, fw: i < 2 ? '2.0' : '1.0' },
    });
    ids.push(deviceId);
  }
  return { site, ids };
}

test('nextAsTwin pages through results two at a time until hasMoreResults is false', async () => {
  const { site, ids } = await fleet();
  const query = suite.service.registry.createQuery(
    `SELECT * FROM devices WHERE tags.site = '${site}'`,
    2,
  );
  const pages: string[][] = [];
  while (query.hasMoreResults) {
    const { result } = await within('nextAsTwin', query.nextAsTwin(query.continuationToken));
    pages.push(result.map((twin) => twin.deviceId));
    expect(pages.length).toBeLessThan(5);
  }
  expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
  expect(pages.flat().sort()).toEqual([...ids].sort());
});

test('projections, COUNT() and GROUP BY answer plain rows', async () => {
  const { site, ids } = await fleet();
  const rows = async (sql: string) => {
    const { result } = await within('query', suite.service.registry.createQuery(sql).next());
    return result as Record<string, unknown>[];
  };
  expect(
    await rows(
      `SELECT deviceId, tags.fw FROM devices WHERE tags.site = '${site}' AND tags.fw = '2.0'`,
    ),
  ).toEqual(
    ids
      .slice(0, 2)
      .map((deviceId) => ({ deviceId, fw: '2.0' }))
      .sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
  );
  expect(await rows(`SELECT COUNT() AS n FROM devices WHERE tags.site = '${site}'`)).toEqual([
    { n: 5 },
  ]);
  const grouped = await rows(
    `SELECT tags.fw AS fw, COUNT() AS numberOfDevices FROM devices WHERE tags.site = '${site}' GROUP BY tags.fw`,
  );
  expect(grouped).toEqual(
    expect.arrayContaining([
      { fw: '2.0', numberOfDevices: 2 },
      { fw: '1.0', numberOfDevices: 3 },
    ]),
  );
  expect(grouped).toHaveLength(2);
});

test('devices.modules returns module twins', async () => {
  const { deviceId } = await suite.rest.createDevice(suite.hub, 'q-mod');
  await within('addModule', suite.service.registry.addModule({ deviceId, moduleId: 'sensor' }));
  const { result } = await within(
    'module query',
    suite.service.registry
      .createQuery(`SELECT * FROM devices.modules WHERE deviceId = '${deviceId}'`)
      .nextAsTwin(),
  );
  expect(result.map((t) => [t.deviceId, t.moduleId])).toEqual([[deviceId, 'sensor']]);
});

test('a query the engine cannot read is refused with 400', async () => {
  const error: unknown = await suite.service.registry
    .createQuery('SELECT * FROM devices WHERE')
    .next()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect((error as { response?: { statusCode?: number } }).response?.statusCode).toBe(400);
});

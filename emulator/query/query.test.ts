import { describe, expect, it } from 'vitest';

import { evaluate, page, pageSize, parseQuery } from './run.ts';

const twins = [
  {
    deviceId: 'a',
    status: 'enabled',
    tags: { site: 'lab', floor: 1 },
    properties: { reported: { fw: '1.0' } },
  },
  {
    deviceId: 'b',
    status: 'enabled',
    tags: { site: 'lab', floor: 2 },
    properties: { reported: { fw: '2.0' } },
  },
  { deviceId: 'c', status: 'disabled', tags: { site: 'plant' }, properties: { reported: {} } },
  { deviceId: 'd', status: 'enabled', tags: {}, properties: { reported: { fw: '2.0' } } },
];

const run = (q: string) => evaluate(parseQuery(q), twins);
const ids = (q: string) => run(q).map((t) => t.deviceId);

describe('query engine', () => {
  it('filters with AND, OR, NOT, parentheses and comparisons', () => {
    expect(ids("SELECT * FROM devices WHERE tags.site = 'lab' AND tags.floor > 1")).toEqual(['b']);
    expect(ids("select * from devices where status = 'disabled' or tags.floor <= 1")).toEqual([
      'a',
      'c',
    ]);
    expect(ids("SELECT * FROM devices WHERE NOT (tags.site = 'lab')")).toEqual(['c', 'd']);
    expect(ids("SELECT * FROM devices WHERE devices.tags.site <> 'lab'")).toEqual(['c']);
    expect(ids("SELECT * FROM devices WHERE deviceId IN ['a', 'd']")).toEqual(['a', 'd']);
    expect(ids("SELECT * FROM devices WHERE deviceId NIN ['a', 'd']")).toEqual(['b', 'c']);
    expect(ids('SELECT * FROM devices WHERE IS_DEFINED(tags.site)')).toEqual(['a', 'b', 'c']);
    expect(ids("SELECT * FROM devices WHERE STARTSWITH(properties.reported.fw, '2.')")).toEqual([
      'b',
      'd',
    ]);
  });

  it('projects fields under their last name or alias, leaving out absent ones', () => {
    expect(
      run(
        "SELECT deviceId, properties.reported.fw AS version FROM devices WHERE tags.site = 'plant' OR deviceId = 'a'",
      ),
    ).toEqual([{ deviceId: 'a', version: '1.0' }, { deviceId: 'c' }]);
    expect(run('SELECT tags.site FROM devices WHERE tags.floor = 2')).toEqual([{ site: 'lab' }]);
  });

  it('counts, alone and per group', () => {
    expect(run("SELECT COUNT() AS n FROM devices WHERE status = 'enabled'")).toEqual([{ n: 3 }]);
    expect(
      run(
        'SELECT properties.reported.fw AS fw, COUNT() AS numberOfDevices FROM devices GROUP BY properties.reported.fw',
      ),
    ).toEqual([
      { fw: '1.0', numberOfDevices: 1 },
      { fw: '2.0', numberOfDevices: 2 },
      { numberOfDevices: 1 },
    ]);
  });

  it('refuses what it cannot run with IoT Hub ArgumentInvalid and a reason', () => {
    for (const [q, reason] of [
      ['SELECT deviceId FROM devices GROUP BY tags.site', 'not in GROUP BY'],
      ['SELECT * FROM things', 'not a collection'],
      ["SELECT * FROM devices WHERE tags.site = 'lab", 'not closed'],
      ['SELECT * FROM devices WHERE deviceId', 'expected a comparison'],
      ['SELECT deviceId, COUNT() FROM devices', 'needs GROUP BY'],
      ['SELECT * FROM devices WHERE LOWER(deviceId) = 1', 'not supported'],
    ] as const) {
      expect(() => parseQuery(q), q).toThrow(reason);
      try {
        parseQuery(q);
      } catch (e) {
        expect((e as { hubError: string }).hubError).toBe('ArgumentInvalid');
      }
    }
  });

  it('pages with a continuation token that only the last page lacks', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ i }));
    const first = page(rows, 'q', 2, undefined);
    expect(first.items).toEqual([{ i: 0 }, { i: 1 }]);
    const second = page(rows, 'q', 2, first.continuation);
    const third = page(rows, 'q', 2, second.continuation);
    expect([...second.items, ...third.items]).toEqual([{ i: 2 }, { i: 3 }, { i: 4 }]);
    expect(third.continuation).toBeUndefined();
    expect(() => page(rows, 'other query', 2, first.continuation)).toThrow('another query');
    expect(() => page(rows, 'q', 2, 'garbage')).toThrow('not one this hub issued');
    expect(pageSize(undefined)).toBe(1000);
    expect(() => pageSize('0')).toThrow('x-ms-max-item-count');
  });
});

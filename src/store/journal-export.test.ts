import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { arbitraryRecord } from './journal-arbitrary.test-util.ts';
import { exportNdjson, importNdjson } from './journal-export.ts';
import type { JournalRecord } from './journal.ts';

const at = Date.UTC(2026, 10, 29, 20, 0, 0, 123);
const c2d: JournalRecord = {
  seq: 7,
  identity: 'hub.example|dev1|',
  direction: 'in',
  kind: 'c2d',
  at,
  topic: 'devices/dev1/messages/devicebound/%24.ct=application%2Fcbor',
  properties: { system: { contentType: 'application/cbor' }, application: { alert: 'on' } },
  body: Uint8Array.from([0xa1, 0x61, 0x74, 0xf9, 0x4d, 0x60]),
};
const lines = (text: string) => text.split('\n');

describe('exportNdjson', () => {
  it('writes a header line, then one line per record with the body as base64', () => {
    const text = exportNdjson([c2d], new Date(at));
    expect(lines(text)).toEqual([
      '{"format":"iothub-console-journal","version":1,"exportedAt":"2026-11-29T20:00:00.123Z","records":1}',
      '{"seq":7,"identity":"hub.example|dev1|","direction":"in","kind":"c2d","at":1795982400123,' +
        '"topic":"devices/dev1/messages/devicebound/%24.ct=application%2Fcbor",' +
        '"properties":{"system":{"contentType":"application/cbor"},"application":{"alert":"on"}},' +
        '"body":"oWF0+U1g"}',
      '',
    ]);
  });

  it('round-trips arbitrary records byte for byte', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 8 }), (records) => {
        const back = importNdjson(exportNdjson(records));
        if (!back.ok) throw new Error(back.error);
        expect(back.value.records).toEqual(records);
        back.value.records.forEach((r, i) =>
          expect(Array.from(r.body)).toEqual(Array.from((records[i] as JournalRecord).body)),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('importNdjson', () => {
  const good = exportNdjson([c2d, { ...c2d, seq: 8, body: new Uint8Array() }]);
  const withLine = (n: number, line: string) => {
    const all = lines(good);
    all[n - 1] = line;
    return all.join('\n');
  };

  it('accepts CRLF line ends and blank lines', () => {
    const back = importNdjson(good.replaceAll('\n', '\r\n') + '\r\n\r\n');
    expect(back.ok && back.value.records.map((r) => r.seq)).toEqual([7, 8]);
  });

  it('names the line and the field that is wrong', () => {
    expect(importNdjson('')).toEqual({ ok: false, error: 'line 1: the file is empty' });
    expect(importNdjson('{"format":"other","version":1}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('line 1: not a journal export'),
    });
    expect(
      importNdjson(withLine(1, '{"format":"iothub-console-journal","version":2,"records":2}')),
    ).toEqual({
      ok: false,
      error: 'line 1: version 2 is newer than this console reads (1)',
    });
    expect(importNdjson(withLine(3, '{"seq":8,'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^line 3: not JSON/),
    });
    const third = JSON.parse(lines(good)[2] as string) as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>) =>
      importNdjson(withLine(3, JSON.stringify({ ...third, ...patch })));
    expect(bad({ direction: 'sideways' })).toEqual({
      ok: false,
      error: 'line 3: "direction" must be one of in, out, local',
    });
    expect(bad({ body: 'oWF0+U1' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^line 3: "body": Invalid base64/),
    });
    expect(bad({ at: 'yesterday' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"at"'),
    });
    expect(bad({ properties: { system: { colour: 'red' }, application: {} } })).toEqual({
      ok: false,
      error: 'line 3: "properties.system.colour" is not an IoT Hub system property',
    });
    expect(bad({ properties: { system: {}, application: { a: 1 } } })).toMatchObject({
      ok: false,
      error: 'line 3: "properties.application.a" must be a string',
    });
    expect(bad({ status: 200.5 })).toMatchObject({
      ok: false,
      error: 'line 3: "status" must be a whole number',
    });
  });

  it('notices a file that was cut off', () => {
    expect(importNdjson(lines(good).slice(0, 2).join('\n'))).toMatchObject({
      ok: false,
      error: expect.stringContaining('the header says 2 records but the file has 1'),
    });
  });

  it('keeps a "__proto__" application property as data', () => {
    const tricky = exportNdjson([
      {
        ...c2d,
        properties: {
          system: {},
          application: JSON.parse('{"__proto__":"x"}') as Record<string, string>,
        },
      },
    ]);
    const back = importNdjson(tricky);
    if (!back.ok) throw new Error(back.error);
    const app = back.value.records[0]?.properties?.application ?? {};
    expect(Object.keys(app)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(app)).toBe(Object.prototype);
  });
});

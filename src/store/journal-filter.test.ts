import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SYSTEM_PROPERTY_WIRE_KEYS } from '../iothub/property-bag.ts';

import { arbitraryRecord } from './journal-arbitrary.test-util.ts';
import { filterRecords, type JournalQuery } from './journal-filter.ts';
import { syntheticJournal } from './journal-synthetic.ts';
import type { JournalRecord } from './journal.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const rec = (seq: number, patch: Partial<JournalRecord>): JournalRecord => ({
  seq,
  identity: 'hub|dev1|',
  direction: 'out',
  kind: 'telemetry',
  at: 1_000 + seq,
  body: new Uint8Array(),
  ...patch,
});

const records = [
  rec(1, {
    body: enc('{"Temperature": 21.5}'),
    topic: 'devices/dev1/messages/events/',
    ackAt: 1005,
  }),
  rec(2, {
    direction: 'in',
    kind: 'c2d',
    topic: 'devices/dev1/messages/devicebound/alert=on',
    properties: { system: { contentType: 'application/cbor' }, application: { alert: 'on' } },
    body: Uint8Array.from([0xa1, 0x61, 0x74, 0xff]),
  }),
  rec(3, { kind: 'method', direction: 'in', label: 'reboot', body: enc('{"delay": 5}') }),
  rec(4, { identity: 'hub|dev2|', body: enc('humidity 40'), state: 'failed' }),
];
const seqs = (q: JournalQuery) => filterRecords(records, q).map((r) => r.seq);

describe('filterRecords: free text', () => {
  it('searches the body, case-insensitive', () => {
    expect(seqs({ text: 'temperature' })).toEqual([1]);
    expect(seqs({ text: 'HUMIDITY' })).toEqual([4]);
  });

  it('searches topic, property names and values (system ones by name and wire key), label', () => {
    expect(seqs({ text: 'devicebound' })).toEqual([2]);
    expect(seqs({ text: 'alert=on' })).toEqual([2]);
    expect(seqs({ text: '$.ct=application/cbor' })).toEqual([2]);
    expect(seqs({ text: 'contenttype' })).toEqual([2]);
    expect(seqs({ text: 'reboot' })).toEqual([3]);
  });

  it('searches binary bodies as hex pairs', () => {
    expect(seqs({ text: '"61 74 ff"' })).toEqual([2]);
    // Two terms, each found; as one phrase, not (the bytes are a1 61 74 ff).
    expect(seqs({ text: '74 61' })).toEqual([2]);
    expect(seqs({ text: '"74 61"' })).toEqual([]);
  });

  it('needs every term, and matches nothing when nothing fits', () => {
    expect(seqs({ text: 'dev1 temperature' })).toEqual([1]);
    expect(seqs({ text: 'temperature humidity' })).toEqual([]);
    expect(seqs({ text: 'pressure' })).toEqual([]);
    expect(seqs({ text: '   ' })).toEqual([1, 2, 3, 4]);
  });
});

describe('filterRecords: structured', () => {
  it('by kind, direction, identity and time', () => {
    expect(seqs({ kinds: ['c2d', 'method'] })).toEqual([2, 3]);
    expect(seqs({ directions: ['out'] })).toEqual([1, 4]);
    expect(seqs({ identity: 'hub|dev2|' })).toEqual([4]);
    expect(seqs({ from: 1002, to: 1003 })).toEqual([2, 3]);
  });

  it('by a property, by name, wire key or application key', () => {
    expect(seqs({ property: { name: 'contentType', value: 'application/cbor' } })).toEqual([2]);
    expect(seqs({ property: { name: '$.ct', value: 'application/cbor' } })).toEqual([2]);
    expect(seqs({ property: { name: '$.ct', value: 'application/json' } })).toEqual([]);
    expect(seqs({ property: { name: 'alert' } })).toEqual([2]);
    expect(seqs({ property: { name: 'toString' } })).toEqual([]);
  });

  it('acknowledged or not', () => {
    expect(seqs({ acknowledged: true })).toEqual([1]);
    expect(seqs({ acknowledged: false })).toEqual([2, 3, 4]);
  });

  it('combines everything', () => {
    expect(seqs({ text: 'dev1', kinds: ['telemetry'], acknowledged: true, from: 1001 })).toEqual([
      1,
    ]);
  });
});

/** The filter written as plainly as possible, with nothing cached, to compare against. */
function reference(r: JournalRecord, q: JournalQuery): boolean {
  const props = r.properties;
  const sys = Object.entries(props?.system ?? {});
  const fields = [r.topic, r.label, r.rid, r.state, r.note].map((s) => s ?? '');
  for (const [name, value] of sys)
    fields.push(`${name}=${value}`, `${SYSTEM_PROPERTY_WIRE_KEYS[name as 'to']}=${value}`);
  for (const [key, value] of Object.entries(props?.application ?? {}))
    fields.push(`${key}=${value}`);
  let body: string;
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(r.body);
  } catch {
    body = [...r.body].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  }
  fields.push(body);
  const text = fields.join('\n').toLowerCase();
  const terms = [...(q.text ?? '').matchAll(/"([^"]+)"|(\S+)/g)]
    .map((m) => (m[1] ?? m[2] ?? '').toLowerCase())
    .filter((t) => t.trim() !== '');
  const wireToName = Object.fromEntries(
    Object.entries(SYSTEM_PROPERTY_WIRE_KEYS).map(([n, w]) => [w, n]),
  );
  const propName = q.property ? (wireToName[q.property.name] ?? q.property.name) : '';
  const sysValue = sys.find(([n]) => n === propName)?.[1];
  const appValue =
    props && Object.hasOwn(props.application, q.property?.name ?? '')
      ? props.application[q.property?.name ?? '']
      : undefined;
  const value = sysValue ?? appValue;
  return (
    (q.identity === undefined || r.identity === q.identity) &&
    (!q.kinds?.length || q.kinds.includes(r.kind)) &&
    (!q.directions?.length || q.directions.includes(r.direction)) &&
    (q.from === undefined || r.at >= q.from) &&
    (q.to === undefined || r.at <= q.to) &&
    (q.acknowledged === undefined ||
      (r.ackAt !== undefined || r.state === 'acknowledged') === q.acknowledged) &&
    (!q.property ||
      (q.property.value === undefined ? value !== undefined : value === q.property.value)) &&
    terms.every((t) => text.includes(t))
  );
}

const arbitraryQuery: fc.Arbitrary<JournalQuery> = fc.record(
  {
    text: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('a', '"a b"', '$.ct', '00', 'x y')),
    kinds: fc.subarray(['telemetry', 'c2d', 'twin', 'desired', 'method', 'connection'] as const),
    directions: fc.subarray(['in', 'out', 'local'] as const),
    property: fc.record(
      {
        name: fc.constantFrom('contentType', '$.ct', 'a', '', 'toString'),
        value: fc.string({ maxLength: 2 }),
      },
      { requiredKeys: ['name'] },
    ),
    acknowledged: fc.boolean(),
    from: fc.integer({ min: 0, max: 8.64e15 }),
    to: fc.integer({ min: 0, max: 8.64e15 }),
  },
  { requiredKeys: [] },
);

describe('filterRecords agrees with a plain reference', () => {
  it('on arbitrary records and queries', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 20 }), arbitraryQuery, (rs, q) => {
        expect(filterRecords(rs, q)).toEqual(rs.filter((r) => reference(r, q)));
      }),
      { numRuns: 500 },
    );
  });

  it('on 50,000 records like a busy session (correctness only; timing is in the bench)', () => {
    const journal = syntheticJournal(50_000);
    expect(journal).toHaveLength(50_000);
    const queries: JournalQuery[] = [
      { text: 'temperature' },
      { text: '"sensor-7"' },
      { kinds: ['c2d'], property: { name: '$.ct', value: 'application/cbor' } },
      { text: 'alert', directions: ['in'] },
      { acknowledged: false, kinds: ['telemetry'] },
      { from: journal[10_000]?.at, to: journal[12_000]?.at },
      { text: 'no such thing anywhere' },
    ];
    for (const q of queries) {
      const got = filterRecords(journal, q);
      expect(got).toEqual(journal.filter((r) => reference(r, q)));
    }
    // The queries are not all trivial: some match many records, some few, one none.
    const counts = queries.map((q) => filterRecords(journal, q).length);
    expect(counts.filter((n) => n > 1000).length).toBeGreaterThan(1);
    expect(counts.filter((n) => n > 0 && n < 1000).length).toBeGreaterThan(0);
    expect(counts[counts.length - 1]).toBe(0);
  });
});

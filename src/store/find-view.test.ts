import { describe, expect, it } from 'vitest';

import { exportFile, exportFileName, filterPaired, identityFilePart } from './find-view.ts';
import { importNdjson } from './journal-export.ts';
import { syntheticJournal } from './journal-synthetic.ts';
import type { JournalRecord } from './journal.ts';

describe('filterPaired', () => {
  const records = syntheticJournal(500);

  it('filters records themselves like filterRecords', () => {
    const shown = filterPaired(records, records, { text: '"sensor-7"' });
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((r) => new TextDecoder().decode(r.body).includes('sensor-7'))).toBe(true);
  });

  it('keeps the items whose records match, in order', () => {
    const items = records.map((r) => ({ id: r.seq }));
    const shown = filterPaired(items, records, { kinds: ['c2d'] });
    const expected = records.filter((r) => r.kind === 'c2d').map((r) => r.seq);
    expect(expected.length).toBeGreaterThan(0);
    expect(shown.map((i) => i.id)).toEqual(expected);
  });

  it('shows nothing for a filter that matches nothing', () => {
    expect(filterPaired(records, records, { text: 'no-such-thing-zzz' })).toEqual([]);
  });
});

describe('export files', () => {
  const now = new Date(Date.UTC(2026, 11, 8, 1, 2, 3, 456));

  it('names files after the identity and the time, safely', () => {
    expect(exportFileName('dev 1/m:x', 'c2d', 'csv', now)).toBe(
      'iothub-dev_1_m_x-c2d-2026-12-08T010203Z.csv',
    );
    expect(exportFileName(undefined, 'journal', 'ndjson', now)).toBe(
      'iothub-no-identity-journal-2026-12-08T010203Z.ndjson',
    );
    expect(identityFilePart('hub.example/dev1/')).toBe('dev1');
    expect(identityFilePart('hub.example/dev1/mod')).toBe('dev1-mod');
  });

  it('exports NDJSON that imports back equal, and CSV with a header row', () => {
    const records: JournalRecord[] = syntheticJournal(50);
    const nd = exportFile(records, 'ndjson', { identity: 'dev1', what: 'journal' }, now);
    expect(nd.type).toBe('application/x-ndjson');
    const back = importNdjson(nd.text);
    expect(back.ok && back.value.records).toEqual(records);
    const csv = exportFile(records, 'csv', { identity: 'dev1', what: 'c2d' }, now);
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^seq,time,at,identity/);
  });
});

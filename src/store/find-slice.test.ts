import { describe, expect, it } from 'vitest';

import { isActive } from './find-slice.ts';
import { exportNdjson } from './journal-export.ts';
import { syntheticJournal } from './journal-synthetic.ts';
import { createConsoleStore } from './store.ts';

describe('find slice', () => {
  it('keeps each pane its own filter', () => {
    const store = createConsoleStore();
    store.getState().setFilter('c2d', { text: 'alert' });
    store.getState().setFilter('journal', { kinds: ['twin'] });
    expect(store.getState().filters).toEqual({
      c2d: { text: 'alert' },
      journal: { kinds: ['twin'] },
    });
  });

  it('imports an export read-only, apart from the live journal', () => {
    const store = createConsoleStore();
    const records = syntheticJournal(20);
    expect(store.getState().importJournal('colleague.ndjson', exportNdjson(records))).toBe(true);
    const { imported, journal } = store.getState();
    expect(imported?.fileName).toBe('colleague.ndjson');
    expect(imported?.records).toEqual(records);
    expect(journal.records).toEqual([]);
    store.getState().closeImported();
    expect(store.getState().imported).toBeUndefined();
  });

  it('says why a file is not an export and keeps the previous import', () => {
    const store = createConsoleStore();
    store.getState().importJournal('a.ndjson', exportNdjson(syntheticJournal(3)));
    expect(store.getState().importJournal('b.ndjson', '{"hello":1}\n')).toBe(false);
    expect(store.getState().importError).toMatch(/^b\.ndjson: line 1: not a journal export/);
    expect(store.getState().imported?.fileName).toBe('a.ndjson');
  });

  it('tells an empty query from an active one', () => {
    expect(isActive(undefined)).toBe(false);
    expect(isActive({ text: '  ' })).toBe(false);
    expect(isActive({ acknowledged: false })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';

import { journalRecordsFromQuery, MIN_JOURNAL_RECORDS } from './journal-options.ts';

describe('journalRecordsFromQuery', () => {
  it.each([
    ['', undefined],
    ['?journal=abc', undefined],
    ['?journal=-5', undefined],
    ['?journal=2000', 2000],
    ['?x=1&journal=150', 150],
    ['?journal=3', MIN_JOURNAL_RECORDS],
  ])('%s -> %s', (search, expected) => {
    expect(journalRecordsFromQuery(search)).toBe(expected);
  });
});

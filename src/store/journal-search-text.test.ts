import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  bodySearchText,
  findMatches,
  queryTerms,
  searchTextOf,
  searchTextsOf,
} from './journal-search-text.ts';
import { syntheticJournal } from './journal-synthetic.ts';
import {
  appendRecords,
  EMPTY_JOURNAL,
  patchRecords,
  type JournalRecord,
  type NewRecord,
} from './journal.ts';

const syntheticNew = (n: number): NewRecord[] =>
  syntheticJournal(n).map((r) => {
    const { seq: _seq, ...rest } = r;
    return rest;
  });
/** The text of a copy of the record, so no cache of the original is read. */
const searchTextOfFresh = (r: JournalRecord) => searchTextOf({ ...r, body: r.body.slice() });

describe('findMatches', () => {
  it('finds every occurrence, case-insensitive, merged', () => {
    expect(findMatches('Temp temp TEMP', 'temp')).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
      { start: 10, end: 14 },
    ]);
    expect(findMatches('abcdef', 'abc cde')).toEqual([{ start: 0, end: 5 }]);
    expect(findMatches('a "quoted phrase" here', '"phrase here"')).toEqual([]);
    expect(findMatches('quoted phrase here', '"phrase here"')).toEqual([{ start: 7, end: 18 }]);
    expect(findMatches('nothing', 'x')).toEqual([]);
    expect(findMatches('anything', '  ')).toEqual([]);
  });

  it('maps offsets back when lower-casing changes the length (U+0130)', () => {
    // "İ" lower-cases to "i̇" (two code units), which shifts everything after it.
    const text = 'İstanbul Temp';
    const [range] = findMatches(text, 'temp');
    expect(range && text.slice(range.start, range.end)).toBe('Temp');
    const [dotted] = findMatches(text, 'i̇');
    expect(dotted && text.slice(dotted.start, dotted.end)).toBe('İ');
  });

  it('marks text that equals the term, case aside, in sorted disjoint ranges', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (text, word) => {
          const term = word.replace(/[\s"]/g, 'x');
          const ranges = findMatches(text, term);
          let last = -1;
          for (const r of ranges) {
            expect(r.start).toBeGreaterThan(last);
            expect(r.end).toBeGreaterThan(r.start);
            last = r.end;
            expect(text.slice(r.start, r.end).toLowerCase()).toContain(term.toLowerCase());
          }
          expect(ranges.length > 0).toBe(text.toLowerCase().includes(term.toLowerCase()));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('queryTerms', () => {
  it('splits words, keeps quoted phrases whole, lower-cases', () => {
    expect(queryTerms(' Alert  "Temp Sensor" $.ct ')).toEqual(['alert', 'temp sensor', '$.ct']);
    expect(queryTerms('""')).toEqual(['""']);
  });
});

describe('bodySearchText', () => {
  const reference = (b: Uint8Array) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    }
  };

  it('reads UTF-8 as text and anything else as hex pairs', () => {
    expect(bodySearchText(new TextEncoder().encode('{"t":1}'))).toBe('{"t":1}');
    expect(bodySearchText(new TextEncoder().encode('héllo'))).toBe('héllo');
    expect(bodySearchText(Uint8Array.from([0x61, 0xff]))).toBe('61 ff');
  });

  it('agrees with TextDecoder on any bytes, short (the ASCII fast path) or long', () => {
    const ascii = fc.uint8Array({ min: 0, max: 0x7f, maxLength: 1500 });
    fc.assert(
      fc.property(fc.oneof(ascii, fc.uint8Array({ maxLength: 1500 })), (b) => {
        expect(bodySearchText(b)).toBe(reference(b));
      }),
      { numRuns: 500 },
    );
  });
});

describe('searchTextOf', () => {
  it('is recomputed for a patched record (a new object), not served stale', () => {
    const r: JournalRecord = {
      seq: 1,
      identity: 'i',
      direction: 'out',
      kind: 'telemetry',
      at: 0,
      body: new Uint8Array(),
      state: 'sending',
    };
    expect(searchTextOf(r)).toContain('sending');
    const patched = { ...r, state: 'acknowledged' };
    expect(searchTextOf(patched)).toContain('acknowledged');
    expect(searchTextOf(patched)).not.toContain('sending');
  });
});

describe('searchTextsOf across arrays', () => {
  it('gives a grown, trimmed and patched journal the texts computed afresh', () => {
    let j = appendRecords(EMPTY_JOURNAL, syntheticNew(300), { records: 200, bytes: 1e9 }).journal;
    searchTextsOf(j.records);
    j = appendRecords(j, syntheticNew(50), { records: 200, bytes: 1e9 }).journal;
    const first = j.records[0]?.seq ?? 0;
    j = patchRecords(j, [
      { seq: first + 3, patch: { note: 'patched-note', body: new TextEncoder().encode('new') } },
    ]);
    const texts = searchTextsOf(j.records);
    expect(texts).toEqual(j.records.map(searchTextOfFresh));
    expect(texts[3]).toContain('patched-note');
  });
});

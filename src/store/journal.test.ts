import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  appendRecords,
  countOf,
  EMPTY_JOURNAL,
  JOURNAL_CHUNK,
  patchRecords,
  selectRecords,
  utf8Bytes,
  type JournalRecord,
  type NewRecord,
} from './journal.ts';

const rec = (identity: string, kind: 'c2d' | 'telemetry', body = 'x'): NewRecord => ({
  identity,
  kind,
  direction: kind === 'c2d' ? 'in' : 'out',
  at: 1,
  body: utf8Bytes(body),
});

describe('journal', () => {
  it('numbers records in order and counts them per identity, direction and kind', () => {
    const { journal, seqs } = appendRecords(EMPTY_JOURNAL, [
      rec('a', 'c2d'),
      rec('b', 'c2d'),
      rec('a', 'telemetry'),
    ]);
    expect(seqs).toEqual([1, 2, 3]);
    expect(countOf(journal, 'a', 'in:c2d')).toBe(1);
    expect(countOf(journal, 'a', 'out:telemetry')).toBe(1);
    expect(countOf(journal, 'b', 'in:c2d')).toBe(1);
    expect(countOf(journal, 'c', 'in:c2d')).toBe(0);
    expect(selectRecords(journal, 'a', { kind: 'c2d' }).map((r) => r.seq)).toEqual([1]);
  });

  it('selects the newest records of a view, within a seq range, oldest first', () => {
    const fresh = Array.from({ length: 20 }, (_, i) => rec(i % 2 ? 'a' : 'b', 'c2d', `m${i}`));
    const { journal } = appendRecords(EMPTY_JOURNAL, fresh);
    const seqs = (f: Parameters<typeof selectRecords>[2], limit?: number) =>
      selectRecords(journal, 'a', f, limit).map((r) => r.seq);
    expect(seqs({ kind: 'c2d' })).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(seqs({ kind: 'c2d' }, 3)).toEqual([16, 18, 20]);
    expect(seqs({ kind: 'c2d', afterSeq: 14, upToSeq: 19 })).toEqual([16, 18]);
    expect(seqs({ kind: 'telemetry' })).toEqual([]);
    expect(selectRecords(journal, undefined, {})).toEqual([]);
  });

  it('drops the oldest records past the count bound, and the counters stay exact', () => {
    let j = EMPTY_JOURNAL;
    for (let i = 0; i < 25; i++)
      j = appendRecords(j, [rec('a', 'c2d', `m${i}`)], { records: 10, bytes: 1e9 }).journal;
    expect(j.records).toHaveLength(10);
    expect(j.records[0]?.seq).toBe(16);
    expect(j.dropped).toBe(15);
    expect(countOf(j, 'a', 'in:c2d')).toBe(25);
  });

  it('drops the oldest records past the byte bound, keeping at least the newest', () => {
    const big = 'y'.repeat(1000);
    let j = EMPTY_JOURNAL;
    for (let i = 0; i < 5; i++)
      j = appendRecords(j, [rec('a', 'c2d', big)], { records: 100, bytes: 2500 }).journal;
    expect(j.records.map((r) => r.seq)).toEqual([4, 5]);
    expect(j.bytes).toBeLessThanOrEqual(2500);
    const huge = appendRecords(EMPTY_JOURNAL, [rec('a', 'c2d', big)], { records: 100, bytes: 10 });
    expect(huge.journal.records).toHaveLength(1);
  });

  it('patches a record by seq and skips records that fell off', () => {
    let j = appendRecords(EMPTY_JOURNAL, [rec('a', 'telemetry'), rec('a', 'telemetry')], {
      records: 1,
      bytes: 1e9,
    }).journal;
    j = patchRecords(j, [
      { seq: 1, patch: { state: 'acknowledged' } },
      { seq: 2, patch: { state: 'acknowledged', ackAt: 9 } },
    ]);
    expect(j.records).toEqual([
      expect.objectContaining({ seq: 2, state: 'acknowledged', ackAt: 9 }),
    ]);
  });

  it('keeps the bytes it was given, byte for byte', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (bodies) => {
        const { journal } = appendRecords(
          EMPTY_JOURNAL,
          bodies.map((body) => ({ identity: 'a', kind: 'c2d', direction: 'in', at: 0, body })),
        );
        expect(journal.records.map((r) => [...r.body])).toEqual(bodies.map((b) => [...b]));
      }),
    );
  });

  it('after any sequence of appends, counters equal the number appended and seqs have no gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 30 }), (sizes) => {
        let j = EMPTY_JOURNAL;
        for (const n of sizes)
          j = appendRecords(
            j,
            Array.from({ length: n }, () => rec('a', 'c2d')),
            { records: 40, bytes: 1e9 },
          ).journal;
        const total = sizes.reduce((a, b) => a + b, 0);
        expect(countOf(j, 'a', 'in:c2d')).toBe(total);
        expect(j.records.length + j.dropped).toBe(total);
        j.records.forEach((r, i) => expect(r.seq).toBe((j.records[0]?.seq ?? 0) + i));
      }),
    );
  });

  it('across chunk boundaries, appends, drops, patches and selections match a flat list', () => {
    // The model: one flat array, bounded as the journal promises (oldest first, at least one kept).
    const size = (r: JournalRecord) => r.body.byteLength + 200;
    const brief = (rs: readonly JournalRecord[]) =>
      rs.map((r) => `${r.seq}:${r.identity}:${r.state ?? ''}:${r.body.byteLength}`).join(' ');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            n: fc.integer({ min: 0, max: JOURNAL_CHUNK + 300 }),
            patch: fc.nat(),
            upTo: fc.nat(),
            after: fc.nat(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 3 * JOURNAL_CHUNK }),
        fc.integer({ min: 300, max: 700_000 }),
        (steps, maxRecords, maxBytes) => {
          const limits = { records: maxRecords, bytes: maxBytes };
          let j = EMPTY_JOURNAL;
          let model: JournalRecord[] = [];
          for (const step of steps) {
            const fresh = Array.from({ length: step.n }, (_, i) =>
              rec(i % 3 ? 'a' : 'b', 'c2d', 'x'.repeat(i % 50)),
            );
            const out = appendRecords(j, fresh, limits);
            j = out.journal;
            model = model.concat(fresh.map((r, i) => ({ ...r, seq: out.seqs[i] as number })));
            let bytes = model.reduce((b, r) => b + size(r), 0);
            let start = Math.max(0, model.length - maxRecords);
            for (let i = 0; i < start; i++) bytes -= size(model[i] as JournalRecord);
            while (start < model.length - 1 && bytes > maxBytes)
              bytes -= size(model[start++] as JournalRecord);
            model = model.slice(start);
            const first = model[0]?.seq ?? 0;
            const seq = first + (model.length ? step.patch % (model.length + 2) : 0) - 1;
            j = patchRecords(j, [{ seq, patch: { state: 'acknowledged' } }]);
            model = model.map((r) => (r.seq === seq ? { ...r, state: 'acknowledged' } : r));
            expect(brief(j.records)).toBe(brief(model));
            expect(j.dropped + j.records.length).toBe(j.nextSeq - 1);
            expect(j.bytes).toBe(bytes);
            const upToSeq = first + (step.upTo % (model.length + 2)) - 1;
            const afterSeq = first + (step.after % (model.length + 2)) - 2;
            const filter = { kind: 'c2d' as const, upToSeq, afterSeq };
            expect(brief(selectRecords(j, 'a', filter, 700))).toBe(
              brief(
                model
                  .filter((r) => r.identity === 'a' && r.seq <= upToSeq && r.seq > afterSeq)
                  .slice(-700),
              ),
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

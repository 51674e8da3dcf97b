import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { arbitraryRecord } from './journal-arbitrary.test-util.ts';
import { csvField, exportCsv, flattenJson } from './journal-csv.ts';
import type { JournalRecord } from './journal.ts';

/** A reader written from RFC 4180 §2, to check that what is written reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  return rows;
}

const enc = (s: string) => new TextEncoder().encode(s);
const base: JournalRecord = {
  seq: 1,
  identity: 'hub|dev1|',
  direction: 'out',
  kind: 'telemetry',
  at: Date.UTC(2026, 10, 29, 20, 0, 0, 5),
  body: enc('{"temperature":21.5,"a":{"b":"x, \\"y\\""},"items":[1,{"c":null}],"empty":{}}'),
  properties: { system: { contentType: 'application/json' }, application: { alert: 'on' } },
};

describe('exportCsv', () => {
  it('writes one row per record, properties and JSON leaves as columns', () => {
    const rows = parseCsv(
      exportCsv([
        base,
        { ...base, seq: 2, body: Uint8Array.from([0xff, 0x00]), properties: undefined },
      ]),
    );
    const [header, first, second] = rows as [string[], string[], string[]];
    const cell = (row: string[], column: string) => row[header.indexOf(column)];
    expect(header.slice(0, 3)).toEqual(['seq', 'time', 'at']);
    expect(header).toEqual(
      expect.arrayContaining([
        'sys.contentType',
        'app.alert',
        'body.temperature',
        'body.a.b',
        'body.items[0]',
        'body.items[1].c',
        'body.empty',
      ]),
    );
    expect(cell(first, 'time')).toBe('2026-11-29T20:00:00.005Z');
    expect(cell(first, 'body.temperature')).toBe('21.5');
    expect(cell(first, 'body.a.b')).toBe('x, "y"');
    expect(cell(first, 'body.items[1].c')).toBe('null');
    expect(cell(first, 'body.empty')).toBe('{}');
    expect(cell(first, 'sys.contentType')).toBe('application/json');
    expect(cell(first, 'bodyEncoding')).toBe('json');
    expect(cell(second, 'bodyEncoding')).toBe('base64');
    expect(cell(second, 'body')).toBe('/wA=');
    expect(cell(second, 'app.alert')).toBe('');
    expect(rows).toHaveLength(3);
  });

  it('uses CRLF line ends (RFC 4180 §2.1)', () => {
    expect(exportCsv([base]).endsWith('\r\n')).toBe(true);
    expect(exportCsv([base]).split('\r\n')).toHaveLength(3);
  });

  it('caps the body columns, keeping the whole body in "body"', () => {
    const wide = { ...base, body: enc(JSON.stringify({ a: 1, b: 2, c: 3 })) };
    const [header] = parseCsv(exportCsv([wide], { maxBodyColumns: 2 })) as [string[]];
    expect(header.filter((c) => c.startsWith('body.'))).toEqual(['body.a', 'body.b']);
  });

  it('reads back every cell as written, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { minLength: 1, maxLength: 5 }), (records) => {
        const rows = parseCsv(exportCsv(records));
        const header = rows[0] as string[];
        expect(rows).toHaveLength(records.length + 1);
        records.forEach((r, i) => {
          const row = rows[i + 1] as string[];
          expect(row).toHaveLength(header.length);
          const note = row[header.indexOf('note')] as string;
          const written = r.note ?? '';
          const guarded =
            /^[=+\-@\t\r]/.test(written) && !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(written);
          expect(note).toBe(guarded ? `'${written}` : written);
          expect(row[header.indexOf('seq')]).toBe(String(r.seq));
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('csvField', () => {
  it('quotes what RFC 4180 needs quoted', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('keeps spreadsheet formulas from running (CSV injection), numbers as they are', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('-x')).toBe("'-x");
  });
});

describe('flattenJson', () => {
  it('names leaves by path', () => {
    const out = new Map<string, string>();
    flattenJson({ a: { b: [true, 'x'] }, n: 1 }, 'body', out);
    expect([...out]).toEqual([
      ['body.a.b[0]', 'true'],
      ['body.a.b[1]', 'x'],
      ['body.n', '1'],
    ]);
  });
});

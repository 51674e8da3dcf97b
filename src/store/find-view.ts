/**
 * A pane's filtered view and its export files (issue 8, "Find and filter", "Copy and export"):
 * items kept beside their journal records (pane-records.ts), filtered by one query, exported as
 * NDJSON (lossless) or CSV under a file name with the identity and the time. Pure.
 */
import { exportCsv } from './journal-csv.ts';
import { exportNdjson } from './journal-export.ts';
import { compileQuery, filterRecords, type JournalQuery } from './journal-filter.ts';
import type { JournalRecord } from './journal.ts';

/**
 * The items whose records match, in order. When items are the records themselves the filter
 * reads the cached search texts of the whole array (journal-search-text.ts), which is what keeps
 * 50,000 records within a frame.
 */
export function filterPaired<T>(
  items: readonly T[],
  records: readonly JournalRecord[],
  query: JournalQuery,
): T[] {
  if ((items as readonly unknown[]) === records) return filterRecords(records, query) as T[];
  const test = compileQuery(query);
  const out: T[] = [];
  for (let i = 0; i < items.length; i++)
    if (test(records[i] as JournalRecord)) out.push(items[i] as T);
  return out;
}

export type ExportFormat = 'ndjson' | 'csv';
export type ExportFile = { name: string; text: string; type: string };

/** `iothub-{identity}-{what}-{UTC time}.{ext}`, safe on every file system. */
export function exportFileName(
  identity: string | undefined,
  what: string,
  format: ExportFormat,
  now: Date,
): string {
  const time = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '');
  const who = (identity ?? 'no-identity').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_|_$/g, '');
  return `iothub-${who}-${what}-${time}.${format}`;
}

/** The identity as a file name part: `{device}` or `{device}-{module}`. */
export function identityFilePart(identity: string | undefined): string | undefined {
  if (identity === undefined) return undefined;
  const [, device = '', module = ''] = identity.split('/');
  return module ? `${device}-${module}` : device;
}

export function exportFile(
  records: readonly JournalRecord[],
  format: ExportFormat,
  name: { identity: string | undefined; what: string },
  now = new Date(),
): ExportFile {
  return {
    name: exportFileName(name.identity, name.what, format, now),
    text: format === 'ndjson' ? exportNdjson(records, now) : exportCsv(records),
    type: format === 'ndjson' ? 'application/x-ndjson' : 'text/csv;charset=utf-8',
  };
}

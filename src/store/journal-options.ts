/**
 * Journal bounds from the page URL: `?journal=N` keeps at most N records (default 50,000, at least
 * 100), for a long session on a small machine or a test that needs old records to fall off
 * (README "URL options"). Pure: takes the query string.
 */
import { JOURNAL_MAX_RECORDS } from './journal.ts';

export const MIN_JOURNAL_RECORDS = 100;

export function journalRecordsFromQuery(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('journal');
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return Math.min(Math.max(Number(raw), MIN_JOURNAL_RECORDS), JOURNAL_MAX_RECORDS * 20);
}

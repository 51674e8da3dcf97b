/**
 * The journal as NDJSON (one JSON text per line, https://github.com/ndjson/ndjson-spec): a
 * header line naming the format and version, then one line per record with every field and the
 * body's bytes as base64 (RFC 4648 §4), so an export imports back byte for byte. Documented in
 * docs/journal-format.md. Pure.
 */
import { parseBase64 } from '../iothub/decoders/base64-view.ts';
import { bytesToBase64 } from '../iothub/encoding.ts';
import { err, ok, type Result } from '../iothub/result.ts';

import { recordFromJson } from './journal-import-fields.ts';
import type { JournalRecord } from './journal.ts';

export const JOURNAL_FORMAT = 'iothub-console-journal';
export const JOURNAL_FORMAT_VERSION = 1;

export type JournalExportHeader = {
  format: typeof JOURNAL_FORMAT;
  version: number;
  /** When the export was made (ISO 8601, UTC). */
  exportedAt: string;
  /** How many record lines follow, so a cut-off file is noticed on import. */
  records: number;
};

/** Field order on each line: the reader's order, not that the format depends on it. */
export function recordToJson(r: JournalRecord): Record<string, unknown> {
  return {
    seq: r.seq,
    identity: r.identity,
    direction: r.direction,
    kind: r.kind,
    at: r.at,
    ...(r.topic !== undefined ? { topic: r.topic } : {}),
    ...(r.properties !== undefined ? { properties: r.properties } : {}),
    body: bytesToBase64(r.body),
    ...(r.state !== undefined ? { state: r.state } : {}),
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.ackAt !== undefined ? { ackAt: r.ackAt } : {}),
    ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
    ...(r.rid !== undefined ? { rid: r.rid } : {}),
    ...(r.label !== undefined ? { label: r.label } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
  };
}

export function exportNdjson(records: readonly JournalRecord[], now = new Date()): string {
  const header: JournalExportHeader = {
    format: JOURNAL_FORMAT,
    version: JOURNAL_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    records: records.length,
  };
  const lines = [JSON.stringify(header)];
  for (const r of records) lines.push(JSON.stringify(recordToJson(r)));
  return lines.join('\n') + '\n';
}

function parseLine(line: string, n: number): Result<unknown> {
  try {
    return ok(JSON.parse(line) as unknown);
  } catch (e) {
    return err(`line ${n}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function parseHeader(line: string | undefined): Result<JournalExportHeader> {
  if (line === undefined || line.trim() === '') return err('line 1: the file is empty');
  const parsed = parseLine(line, 1);
  if (!parsed.ok) return parsed;
  const h = parsed.value as Partial<JournalExportHeader> | null;
  if (typeof h !== 'object' || h === null || h.format !== JOURNAL_FORMAT)
    return err(`line 1: not a journal export (the first line must name "${JOURNAL_FORMAT}")`);
  if (typeof h.version !== 'number' || !Number.isInteger(h.version) || h.version < 1)
    return err('line 1: "version" must be a whole number from 1');
  if (h.version > JOURNAL_FORMAT_VERSION)
    return err(
      `line 1: version ${h.version} is newer than this console reads (${JOURNAL_FORMAT_VERSION})`,
    );
  if (typeof h.records !== 'number' || !Number.isSafeInteger(h.records) || h.records < 0)
    return err('line 1: "records" must be the number of record lines');
  return ok({
    format: JOURNAL_FORMAT,
    version: h.version,
    exportedAt: typeof h.exportedAt === 'string' ? h.exportedAt : '',
    records: h.records,
  });
}

/**
 * Reads an export back into records, byte-exact. Blank lines and CRLF line ends are allowed;
 * anything else wrong is an error naming its line (1 is the header).
 */
export function importNdjson(
  text: string,
): Result<{ header: JournalExportHeader; records: JournalRecord[] }> {
  const lines = text.split('\n');
  const header = parseHeader(lines[0]?.replace(/\r$/, ''));
  if (!header.ok) return header;
  const records: JournalRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const parsed = parseLine(line, i + 1);
    if (!parsed.ok) return parsed;
    const record = recordFromJson(parsed.value, (b64) => {
      const bytes = parseBase64(b64);
      return bytes.ok ? ok(bytes.value) : bytes;
    });
    if (!record.ok) return err(`line ${i + 1}: ${record.error}`);
    records.push(record.value);
  }
  if (records.length !== header.value.records)
    return err(
      `the header says ${header.value.records} records but the file has ${records.length}; ` +
        'it may have been cut off',
    );
  return ok({ header: header.value, records });
}

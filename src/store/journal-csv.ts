/**
 * The journal as CSV for spreadsheets (RFC 4180: CRLF line ends, a header row, fields with a
 * comma, quote, CR or LF quoted with quotes doubled). One row per record; message properties and
 * the leaves of JSON bodies get a column each (`sys.contentType`, `app.alert`,
 * `body.temperature`, `body.a.b`, `body.items[0]`). Unlike NDJSON this is not lossless: binary
 * bodies are base64 and there is no import. Documented in docs/journal-format.md. Pure.
 */
import { bytesToBase64 } from '../iothub/encoding.ts';
import type { SystemPropertyName } from '../iothub/property-bag.ts';

import type { JournalRecord } from './journal.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type Body = { encoding: '' | 'json' | 'utf-8' | 'base64'; text: string; json?: unknown };

function readBody(bytes: Uint8Array): Body {
  if (bytes.length === 0) return { encoding: '', text: '' };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { encoding: 'base64', text: bytesToBase64(bytes) };
  }
  if (/^\s*[[{]/.test(text)) {
    try {
      return { encoding: 'json', text, json: JSON.parse(text) as unknown };
    } catch {
      // Not JSON after all: plain text.
    }
  }
  return { encoding: 'utf-8', text };
}

/** The leaves of a JSON value by path; empty objects and arrays are leaves too. */
export function flattenJson(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => flattenJson(item, `${path}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
    for (const [k, item] of Object.entries(value)) flattenJson(item, `${path}.${k}`, out);
  } else {
    out.set(path, typeof value === 'string' ? value : JSON.stringify(value));
  }
}

const FIXED = [
  'seq',
  'time',
  'at',
  'identity',
  'direction',
  'kind',
  'topic',
  'label',
  'state',
  'status',
  'ackAt',
  'latencyMs',
  'rid',
  'note',
  'bodyBytes',
  'bodyEncoding',
  'body',
] as const;

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * One field, quoted when RFC 4180 §2 needs it. Text that a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR, and not a number) gets a leading apostrophe: device data is
 * untrusted (OWASP, "CSV Injection").
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export type CsvOptions = {
  /** At most this many `body.*` columns (first seen first); the `body` column is always whole. */
  maxBodyColumns?: number;
};

export function exportCsv(records: readonly JournalRecord[], options: CsvOptions = {}): string {
  const maxBodyColumns = options.maxBodyColumns ?? 500;
  const rows: Map<string, string>[] = [];
  const propertyColumns = new Set<string>();
  const bodyColumns = new Set<string>();
  for (const r of records) {
    const row = new Map<string, string>();
    const body = readBody(r.body);
    const fixed: Record<(typeof FIXED)[number], string | number | undefined> = {
      seq: r.seq,
      time: new Date(r.at).toISOString(),
      at: r.at,
      identity: r.identity,
      direction: r.direction,
      kind: r.kind,
      topic: r.topic,
      label: r.label,
      state: r.state,
      status: r.status,
      ackAt: r.ackAt,
      latencyMs: r.latencyMs,
      rid: r.rid,
      note: r.note,
      bodyBytes: r.body.length,
      bodyEncoding: body.encoding,
      body: body.text,
    };
    for (const key of FIXED) if (fixed[key] !== undefined) row.set(key, String(fixed[key]));
    const system = r.properties?.system ?? {};
    for (const name of Object.keys(system) as SystemPropertyName[]) {
      row.set(`sys.${name}`, system[name] as string);
      propertyColumns.add(`sys.${name}`);
    }
    for (const [key, value] of Object.entries(r.properties?.application ?? {})) {
      row.set(`app.${key}`, value);
      propertyColumns.add(`app.${key}`);
    }
    if (body.encoding === 'json') {
      const leaves = new Map<string, string>();
      flattenJson(body.json, 'body', leaves);
      for (const [path, value] of leaves) {
        if (path === 'body') continue;
        if (!bodyColumns.has(path) && bodyColumns.size >= maxBodyColumns) continue;
        bodyColumns.add(path);
        row.set(path, value);
      }
    }
    rows.push(row);
  }
  const columns = [...FIXED, ...propertyColumns, ...bodyColumns];
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row.get(c) ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}

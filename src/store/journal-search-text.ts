// What the free-text filter searches in a record, and where a query matches for highlighting.
// Pure; the per-record text is cached, so filtering again as the user types costs one
// `includes` per term and record (journal-filter.ts).
import { toHex } from '../iothub/payload-decode.ts';
import { SYSTEM_PROPERTY_WIRE_KEYS, type SystemPropertyName } from '../iothub/property-bag.ts';

import type { JournalRecord } from './journal.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as the filter reads it: UTF-8 text, or hex pairs when the bytes are not UTF-8. */
export function bodySearchText(body: Uint8Array): string {
  // Most bodies are short ASCII JSON; for those a plain loop beats a TextDecoder call, whose
  // fixed cost dominates at 50,000 small bodies (the first filter builds all their texts).
  if (body.length <= 1024) {
    let ascii = true;
    for (let i = 0; i < body.length; i++)
      if ((body[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii) return String.fromCharCode.apply(null, body as unknown as number[]);
  }
  try {
    return strictUtf8.decode(body);
  } catch {
    return toHex(body);
  }
}

// Keyed by the body's bytes (kept across patches of a record) and by the record (a patch makes a
// new record object, so a stale entry is never read and falls to the garbage collector).
const bodyCache = new WeakMap<Uint8Array, string>();
const recordCache = new WeakMap<JournalRecord, string>();

/**
 * Topic, every property as `name=value` (system ones by name and by wire key, so both
 * `contentType` and `$.ct` find it), label, rid, state, note and the body, lower-cased.
 */
export function searchTextOf(r: JournalRecord): string {
  let text = recordCache.get(r);
  if (text !== undefined) return text;
  let body = bodyCache.get(r.body);
  if (body === undefined) {
    body = bodySearchText(r.body).toLowerCase();
    bodyCache.set(r.body, body);
  }
  const parts: string[] = [r.topic ?? '', r.label ?? '', r.rid ?? '', r.state ?? '', r.note ?? ''];
  const system = r.properties?.system ?? {};
  for (const name of Object.keys(system) as SystemPropertyName[]) {
    const value = system[name] as string;
    parts.push(`${name}=${value}`, `${SYSTEM_PROPERTY_WIRE_KEYS[name]}=${value}`);
  }
  for (const [key, value] of Object.entries(r.properties?.application ?? {}))
    parts.push(`${key}=${value}`);
  parts.push(body);
  // A separator no term can contain (terms are split on whitespace), so no match spans fields.
  text = parts.join('\n').toLowerCase();
  recordCache.set(r, text);
  return text;
}

// Typing in the filter box filters the same array again and again: its texts are kept in one
// array, read by index, which costs far less than one WeakMap lookup per record.
const arrayCache = new WeakMap<readonly JournalRecord[], readonly string[]>();

type Texts = { records: readonly JournalRecord[]; texts: readonly string[] };
// The last few arrays filtered (a pane each): when the journal grows, the new array holds the
// same record objects shifted by the ones that fell off, so their texts are found by index and
// object identity, not by 50,000 WeakMap lookups (which alone exceed a frame:
// docs/benchmarks.md, "Journal filter").
const recent: Texts[] = [];
const RECENT = 4;

function textsReusing(records: readonly JournalRecord[]): string[] {
  const first = records[0];
  let prev: Texts | undefined;
  let shift = 0;
  if (first !== undefined)
    for (const c of recent) {
      const s: number = first.seq - (c.records[0]?.seq ?? 0);
      if (c.records[s] === first) {
        prev = c;
        shift = s;
        break;
      }
    }
  const out = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as JournalRecord;
    const j = i + shift;
    out[i] =
      prev !== undefined && prev.records[j] === r ? (prev.texts[j] as string) : searchTextOf(r);
  }
  return out;
}

/** searchTextOf for every record, cached per array (arrays of records are never mutated). */
export function searchTextsOf(records: readonly JournalRecord[]): readonly string[] {
  let texts = arrayCache.get(records);
  if (texts === undefined) {
    texts = textsReusing(records);
    arrayCache.set(records, texts);
    recent.unshift({ records, texts });
    if (recent.length > RECENT) recent.pop();
  }
  return texts;
}

/** Terms of a query: words, or "quoted phrases", lower-cased; empty when there is nothing. */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const m of query.matchAll(/"([^"]+)"|(\S+)/g)) {
    const term = (m[1] ?? m[2] ?? '').toLowerCase();
    if (term.trim() !== '') terms.push(term);
  }
  return terms;
}

export type MatchRange = { start: number; end: number };

/**
 * Where the query's terms occur in `text` (UTF-16 offsets, end exclusive), case-insensitive,
 * sorted and merged, for highlighting what the user sees. Lower-casing can change a string's
 * length (U+0130 becomes two code units), so offsets are mapped back to the original text.
 */
export function findMatches(text: string, query: string): MatchRange[] {
  const terms = queryTerms(query);
  if (terms.length === 0 || text === '') return [];
  let lower = text.toLowerCase();
  let origin: number[] | undefined;
  if (lower.length !== text.length) {
    lower = '';
    origin = [];
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      const low = ch.toLowerCase();
      for (let k = 0; k < low.length; k++) origin.push(i);
      lower += low;
      i += ch.length;
    }
    origin.push(text.length);
  }
  const at = (i: number) => (origin ? (origin[i] as number) : i);
  const ranges: MatchRange[] = [];
  for (const term of terms) {
    for (let i = lower.indexOf(term); i !== -1; i = lower.indexOf(term, i + term.length)) {
      const end = origin ? nextOrigin(origin, i + term.length) : i + term.length;
      ranges.push({ start: at(i), end });
    }
  }
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: MatchRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** The original offset at which lower-cased offset `i` ends, rounding out to a whole character. */
function nextOrigin(origin: number[], i: number): number {
  const start = origin[i - 1] as number;
  let j = i;
  while (j < origin.length - 1 && origin[j] === start) j++;
  return origin[j] as number;
}

/**
 * The journal filter of every list pane and the journal view (issue 8, "Find and filter"): free
 * text over topic, property names and values and the body (case-insensitive, every term must
 * match), plus structured filters. Cheap checks run first and the searched text is cached per
 * record, so 50,000 records filter within a frame (`npm run bench -- --journal`). Pure.
 */
import { SYSTEM_PROPERTY_WIRE_KEYS, type SystemPropertyName } from '../iothub/property-bag.ts';

import { queryTerms, searchTextOf, searchTextsOf } from './journal-search-text.ts';
import type { JournalDirection, JournalKind, JournalRecord } from './journal.ts';

export type JournalQuery = {
  /** Free text; words and "quoted phrases", all of which must occur. */
  text?: string;
  identity?: string;
  kinds?: readonly JournalKind[];
  directions?: readonly JournalDirection[];
  /**
   * A message property: by system name (`contentType`), wire key (`$.ct`) or application key.
   * With a value it must equal it exactly; without, the property must be present.
   */
  property?: { name: string; value?: string };
  /** Acknowledged by IoT Hub (PUBACK, a twin response) or not. */
  acknowledged?: boolean;
  /** Inclusive bounds on `at`, ms since the epoch. */
  from?: number;
  to?: number;
};

const SYSTEM_BY_WIRE = new Map(
  Object.entries(SYSTEM_PROPERTY_WIRE_KEYS).map(([name, wire]) => [wire, name]),
);

/** The system property name a query's name stands for (`$.ct` and `contentType` alike). */
const systemName = (name: string) => (SYSTEM_BY_WIRE.get(name) ?? name) as SystemPropertyName;

function valueOf(r: JournalRecord, system: SystemPropertyName, name: string): string | undefined {
  const p = r.properties;
  if (!p) return undefined;
  // Property values are strings; what Object.prototype has under a name like "toString" or
  // "__proto__" never is, so checking the type is enough (and cheaper than Object.hasOwn).
  const value: unknown = p.system[system];
  if (typeof value === 'string') return value;
  const app: unknown = p.application[name];
  return typeof app === 'string' ? app : undefined;
}

/** A message property by system name, wire key or application key. */
export const propertyValue = (r: JournalRecord, name: string): string | undefined =>
  valueOf(r, systemName(name), name);

export const isAcknowledged = (r: JournalRecord) =>
  r.ackAt !== undefined || r.state === 'acknowledged';

/** A query made ready to test records: sets instead of arrays, terms split once. */
type Compiled = {
  identity: string | undefined;
  kinds: ReadonlySet<JournalKind> | undefined;
  directions: ReadonlySet<JournalDirection> | undefined;
  from: number;
  to: number;
  acknowledged: boolean | undefined;
  property: { name: string; system: SystemPropertyName; value?: string } | undefined;
  terms: readonly string[];
};

function compile(q: JournalQuery): Compiled {
  return {
    identity: q.identity,
    kinds: q.kinds && q.kinds.length > 0 ? new Set(q.kinds) : undefined,
    directions: q.directions && q.directions.length > 0 ? new Set(q.directions) : undefined,
    from: q.from ?? -Infinity,
    to: q.to ?? Infinity,
    acknowledged: q.acknowledged,
    property: q.property && { ...q.property, system: systemName(q.property.name) },
    terms: queryTerms(q.text ?? ''),
  };
}

// One module-level function rather than closures made per query: the engine then optimizes it
// once and keeps it optimized as the user types (V8 keeps type feedback per closure). Cheap
// checks first; the text search last.
function matches(r: JournalRecord, c: Compiled, text: string | undefined): boolean {
  if (c.identity !== undefined && r.identity !== c.identity) return false;
  if (c.kinds !== undefined && !c.kinds.has(r.kind)) return false;
  if (c.directions !== undefined && !c.directions.has(r.direction)) return false;
  if (r.at < c.from || r.at > c.to) return false;
  if (c.acknowledged !== undefined && isAcknowledged(r) !== c.acknowledged) return false;
  if (c.property !== undefined) {
    const value = valueOf(r, c.property.system, c.property.name);
    if (c.property.value === undefined ? value === undefined : value !== c.property.value)
      return false;
  }
  if (c.terms.length > 0) {
    const haystack = text ?? searchTextOf(r);
    for (const term of c.terms) if (!haystack.includes(term)) return false;
  }
  return true;
}

/** The query as one predicate. */
export function compileQuery(q: JournalQuery): (r: JournalRecord) => boolean {
  const c = compile(q);
  return (r) => matches(r, c, undefined);
}

export function filterRecords(records: readonly JournalRecord[], q: JournalQuery): JournalRecord[] {
  const c = compile(q);
  const texts = c.terms.length > 0 ? searchTextsOf(records) : undefined;
  const out: JournalRecord[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as JournalRecord;
    if (matches(r, c, texts?.[i])) out.push(r);
  }
  return out;
}

// Runs a parsed query over JSON documents (twins, module twins or device job records): filter,
// project or group, then one page of the result with a continuation token for the next
// (Microsoft Learn, "IoT Hub query language ...", and the REST reference "Query IoT Hub", whose
// `x-ms-max-item-count` and `x-ms-continuation` headers carry paging).

import { parseQuery, queryError, type Condition, type Operand, type Query } from './parse.ts';

export type Doc = Record<string, unknown>;

export function valueAt(doc: unknown, path: string[]): unknown {
  let node = doc;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const operandValue = (doc: Doc, o: Operand): unknown =>
  o.kind === 'path' ? valueAt(doc, o.path) : o.value;

function compare(op: string, a: unknown, b: unknown): boolean {
  // A field that is absent matches no comparison, as in the hub (a twin without tags.site is
  // neither `= 'x'` nor `!= 'x'`).
  if (a === undefined || b === undefined) return false;
  if (op === '=') return a === b;
  if (op === '!=') return a !== b;
  const ordered =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string');
  if (!ordered) return false;
  const x = a as number | string;
  const y = b as number | string;
  if (op === '<') return x < y;
  if (op === '>') return x > y;
  if (op === '<=') return x <= y;
  return x >= y;
}

export function matches(doc: Doc, c: Condition | undefined): boolean {
  if (!c) return true;
  switch (c.kind) {
    case 'and':
      return matches(doc, c.left) && matches(doc, c.right);
    case 'or':
      return matches(doc, c.left) || matches(doc, c.right);
    case 'not':
      return !matches(doc, c.inner);
    case 'compare':
      return compare(c.op, operandValue(doc, c.left), operandValue(doc, c.right));
    case 'in': {
      const v = operandValue(doc, c.left);
      if (v === undefined) return false;
      return c.list.includes(v) !== c.negate;
    }
    case 'call': {
      const [a, b] = c.args.map((o) => operandValue(doc, o));
      if (c.name === 'IS_DEFINED') return a !== undefined;
      if (c.name === 'IS_NULL') return a === null;
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      return c.name === 'STARTSWITH' ? a.startsWith(b) : a.endsWith(b);
    }
  }
}

/** The rows a query answers, before paging. */
export function evaluate(query: Query, docs: Doc[]): Doc[] {
  const found = docs.filter((d) => matches(d, query.where));
  const select = query.select;
  if (!select) return found;
  if (query.groupBy.length === 0) {
    if (select.every((i) => i.kind === 'count'))
      return [Object.fromEntries(select.map((i) => [i.alias, found.length]))];
    return found.map((d) => {
      const row: Doc = {};
      for (const item of select) {
        if (item.kind !== 'field') continue;
        const v = valueAt(d, item.path);
        if (v !== undefined) row[item.alias] = v;
      }
      return row;
    });
  }
  const groups = new Map<string, { values: unknown[]; count: number }>();
  for (const d of found) {
    const values = query.groupBy.map((p) => valueAt(d, p));
    const key = JSON.stringify(values.map((v) => (v === undefined ? { undefined: true } : v)));
    const group = groups.get(key) ?? { values, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  const position = new Map(query.groupBy.map((p, i) => [p.join('.'), i]));
  return [...groups.values()].map((g) => {
    const row: Doc = {};
    for (const item of select) {
      if (item.kind === 'count') row[item.alias] = g.count;
      else {
        const v = g.values[position.get(item.path.join('.')) ?? -1];
        if (v !== undefined) row[item.alias] = v;
      }
    }
    return row;
  });
}

/** Page size when the caller sends no x-ms-max-item-count, and the most one page may hold. The
 *  azure-iothub doc comment of Registry.createQuery says 1000 and 10000; unconfirmed. */
export const DEFAULT_PAGE = 1000;
export const MAX_PAGE = 10000;

type Token = { offset: number; query: string };

const encodeToken = (t: Token): string => Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeToken(text: string, query: string): number {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Token>;
    if (typeof t.offset === 'number' && Number.isInteger(t.offset) && t.offset >= 0) {
      if (t.query !== query) throw queryError('the continuation token is for another query');
      return t.offset;
    }
  } catch (e) {
    if (e instanceof Error && e.message.includes('another query')) throw e;
  }
  throw queryError('the continuation token is not one this hub issued');
}

export function pageSize(header: string | undefined): number {
  if (header === undefined || header === '') return DEFAULT_PAGE;
  const n = Number(header);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw queryError(`x-ms-max-item-count must be a whole number from 1 to ${MAX_PAGE}`);
  return n;
}

export type Page = { items: Doc[]; continuation: string | undefined };

/** One page of `rows`; the continuation is absent on the last page (azure-iothub's Query sets
 *  hasMoreResults from the header being present). `key` ties tokens to the query text. */
export function page(rows: Doc[], key: string, size: number, token: string | undefined): Page {
  const offset = token ? decodeToken(token, key) : 0;
  const items = rows.slice(offset, offset + size);
  const next = offset + size;
  return {
    items,
    continuation: next < rows.length ? encodeToken({ offset: next, query: key }) : undefined,
  };
}

export { parseQuery };

// Parser of IoT Hub's query language, the part the SDK samples use (Microsoft Learn, "IoT Hub
// query language for device and module twins, jobs, and message routing"): `SELECT * | field
// [AS alias], ... | COUNT() [AS alias]`, `FROM devices | devices.modules | devices.jobs`, `WHERE`
// with AND / OR / NOT, parentheses, = != <> < > <= >=, IN / NIN [list], and the functions
// IS_DEFINED, IS_NULL, STARTSWITH, ENDSWITH; `GROUP BY field, ...`. A failure is IoT Hub's 400
// ArgumentInvalid with where and why.

import { RegistryError } from '../registry.ts';

export type Source = 'devices' | 'devices.modules' | 'devices.jobs';

export type Operand = { kind: 'path'; path: string[] } | { kind: 'value'; value: unknown };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; op: '=' | '!=' | '<' | '>' | '<=' | '>='; left: Operand; right: Operand }
  | { kind: 'in'; negate: boolean; left: Operand; list: unknown[] }
  | { kind: 'call'; name: string; args: Operand[] };

export type SelectItem =
  { kind: 'field'; path: string[]; alias: string } | { kind: 'count'; alias: string };

export type Query = {
  /** undefined for `SELECT *`. */
  select: SelectItem[] | undefined;
  from: Source;
  where: Condition | undefined;
  groupBy: string[][];
};

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string; at: number };

const SYMBOLS = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', '[', ']', ',', '*'];
const FUNCTIONS: Record<string, number> = {
  IS_DEFINED: 1,
  IS_NULL: 1,
  STARTSWITH: 2,
  ENDSWITH: 2,
};

export function queryError(message: string): RegistryError {
  return new RegistryError('ArgumentInvalid', `Query: ${message}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw queryError(`the string starting at ${i + 1} is not closed`);
      tokens.push({ kind: 'string', text: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$\-.]*/.exec(text.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (!symbol) throw queryError(`unexpected '${c}' at ${i + 1}`);
    tokens.push({ kind: 'symbol', text: symbol, at: i });
    i += symbol.length;
  }
  return tokens;
}

/** Field references may be written from the collection: `devices.jobs.status`, `devices.tags.x`. */
function toPath(word: string, from: Source): string[] {
  const lower = word.toLowerCase();
  for (const prefix of [`${from}.`, 'devices.']) {
    if (lower.startsWith(prefix)) return word.slice(prefix.length).split('.');
  }
  return word.split('.');
}

export function parseQuery(text: string): Query {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (w: string) => peek()?.kind === 'word' && peek()?.text.toUpperCase() === w;
  const isSymbol = (s: string) => peek()?.kind === 'symbol' && peek()?.text === s;
  const where = () => {
    const t = peek();
    return t ? `'${t.text}' at ${t.at + 1}` : 'the end of the query';
  };
  const expectWord = (w: string) => {
    if (!isWord(w)) throw queryError(`expected ${w} but found ${where()}`);
    pos++;
  };
  const expectSymbol = (s: string) => {
    if (!isSymbol(s)) throw queryError(`expected '${s}' but found ${where()}`);
    pos++;
  };
  const word = (what: string): string => {
    const t = peek();
    if (t?.kind !== 'word') throw queryError(`expected ${what} but found ${where()}`);
    pos++;
    return t.text;
  };

  expectWord('SELECT');
  const rawSelect: (
    { kind: 'field'; word: string; alias?: string } | { kind: 'count'; alias?: string }
  )[] = [];
  let star = false;
  if (isSymbol('*')) {
    pos++;
    star = true;
  } else {
    do {
      if (isSymbol(',')) pos++;
      let item: (typeof rawSelect)[number];
      if (isWord('COUNT')) {
        pos++;
        expectSymbol('(');
        expectSymbol(')');
        item = { kind: 'count' };
      } else {
        item = { kind: 'field', word: word('a field or COUNT()') };
      }
      if (isWord('AS')) {
        pos++;
        item.alias = word('an alias');
      }
      rawSelect.push(item);
    } while (isSymbol(','));
  }
  expectWord('FROM');
  const fromWord = word('devices, devices.modules or devices.jobs').toLowerCase();
  if (fromWord !== 'devices' && fromWord !== 'devices.modules' && fromWord !== 'devices.jobs')
    throw queryError(
      `FROM ${fromWord} is not a collection: use devices, devices.modules or devices.jobs`,
    );
  const from = fromWord as Source;

  const operand = (): Operand => {
    const t = peek();
    if (!t) throw queryError('the query ends in the middle of a condition');
    pos++;
    if (t.kind === 'string') return { kind: 'value', value: t.text };
    if (t.kind === 'number') return { kind: 'value', value: Number(t.text) };
    if (t.kind === 'word') {
      const lower = t.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'value', value: lower === 'true' };
      if (lower === 'null') return { kind: 'value', value: null };
      return { kind: 'path', path: toPath(t.text, from) };
    }
    throw queryError(`expected a field or a value but found '${t.text}' at ${t.at + 1}`);
  };
  const literal = (): unknown => {
    const o = operand();
    if (o.kind !== 'value') throw queryError('IN takes a list of values');
    return o.value;
  };

  const primary = (): Condition => {
    if (isSymbol('(')) {
      pos++;
      const inner = orExpr();
      expectSymbol(')');
      return inner;
    }
    const t = peek();
    if (t?.kind === 'word' && tokens[pos + 1]?.text === '(') {
      const name = t.text.toUpperCase();
      const arity = FUNCTIONS[name];
      if (arity === undefined) throw queryError(`the function ${t.text} is not supported`);
      pos += 2;
      const args: Operand[] = [];
      while (!isSymbol(')')) {
        if (args.length > 0) expectSymbol(',');
        args.push(operand());
      }
      pos++;
      if (args.length !== arity) throw queryError(`${name} takes ${arity} argument(s)`);
      return { kind: 'call', name, args };
    }
    const left = operand();
    if (isWord('IN') || isWord('NIN')) {
      const negate = isWord('NIN');
      pos++;
      expectSymbol('[');
      const list: unknown[] = [];
      while (!isSymbol(']')) {
        if (list.length > 0) expectSymbol(',');
        list.push(literal());
      }
      pos++;
      return { kind: 'in', negate, left, list };
    }
    const op = peek();
    if (op?.kind !== 'symbol' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(op.text))
      throw queryError(`expected a comparison (= != <> < > <= >= IN NIN) but found ${where()}`);
    pos++;
    const right = operand();
    const normal = (op.text === '<>' ? '!=' : op.text) as '=' | '!=' | '<' | '>' | '<=' | '>=';
    return { kind: 'compare', op: normal, left, right };
  };
  const notExpr = (): Condition => {
    if (isWord('NOT')) {
      pos++;
      return { kind: 'not', inner: notExpr() };
    }
    return primary();
  };
  /** `next (WORD next)*`, left-associative: AND binds tighter than OR. */
  const chain = (w: 'AND' | 'OR', next: () => Condition) => (): Condition => {
    let left = next();
    while (isWord(w)) {
      pos++;
      left = { kind: w === 'AND' ? 'and' : 'or', left, right: next() };
    }
    return left;
  };
  const andExpr = chain('AND', notExpr);
  const orExpr: () => Condition = chain('OR', andExpr);

  let condition: Condition | undefined;
  if (isWord('WHERE')) {
    pos++;
    condition = orExpr();
  }
  const groupBy: string[][] = [];
  if (isWord('GROUP')) {
    pos++;
    expectWord('BY');
    do {
      if (isSymbol(',')) pos++;
      groupBy.push(toPath(word('a field to group by'), from));
    } while (isSymbol(','));
  }
  if (pos < tokens.length) throw queryError(`unexpected ${where()}`);

  let countN = 0;
  const select = star
    ? undefined
    : rawSelect.map((item): SelectItem => {
        if (item.kind === 'count') return { kind: 'count', alias: item.alias ?? `$${++countN}` };
        const path = toPath(item.word, from);
        return { kind: 'field', path, alias: item.alias ?? path[path.length - 1] ?? item.word };
      });
  if (groupBy.length > 0) {
    if (!select) throw queryError('GROUP BY needs a SELECT list, not *');
    const grouped = new Set(groupBy.map((p) => p.join('.')));
    for (const item of select) {
      if (item.kind === 'field' && !grouped.has(item.path.join('.')))
        throw queryError(`${item.path.join('.')} is selected but not in GROUP BY`);
    }
  } else if (select?.some((i) => i.kind === 'count') && select.some((i) => i.kind === 'field')) {
    throw queryError('COUNT() with other fields needs GROUP BY those fields');
  }
  return { select, from, where: condition, groupBy };
}

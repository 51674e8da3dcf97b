// Where an Event Hubs receiver starts: the selector filter on its source (the Event Hubs AMQP
// filter `apache.org:selector-filter:string`, as @azure/event-hubs writes it for EventPosition:
// `amqp.annotation.x-opt-offset > '-1'` (earliest), `> '@latest'`, `x-opt-sequence-number >= 'n'`,
// `x-opt-enqueued-time > 'ms'`). Offsets here are sequence numbers written as strings.

export type StartPosition =
  | { kind: 'after-sequence'; sequence: number }
  | { kind: 'latest' }
  | { kind: 'after-time'; ms: number; inclusive: boolean };

const SELECTOR =
  /amqp\.annotation\.x-opt-(offset|sequence-number|enqueued-time)\s*(>=|>)\s*'([^']*)'/i;

function selectorText(filter: unknown): string | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  for (const value of Object.values(filter as Record<string, unknown>)) {
    if (typeof value === 'string') return value;
    const inner = (value as { value?: unknown } | null)?.value;
    if (typeof inner === 'string') return inner;
  }
  return undefined;
}

/** Parses the source filter; no filter means from the start. Throws a description when bad. */
export function startPosition(filter: unknown): StartPosition {
  const text = selectorText(filter);
  if (text === undefined) return { kind: 'after-sequence', sequence: 0 };
  const m = SELECTOR.exec(text);
  if (!m) throw new Error(`Unsupported Event Hubs selector filter '${text}'`);
  const [, field = '', op, value = ''] = m;
  const inclusive = op === '>=';
  if (field.toLowerCase() === 'enqueued-time') {
    const ms = Number(value);
    if (!Number.isFinite(ms)) throw new Error(`x-opt-enqueued-time '${value}' is not a number`);
    return { kind: 'after-time', ms, inclusive };
  }
  if (value === '@latest') return { kind: 'latest' };
  const n = Number(value);
  if (!Number.isInteger(n) || n < -1)
    throw new Error(`x-opt-${field.toLowerCase()} '${value}' is not a whole number`);
  if (n === -1) return { kind: 'after-sequence', sequence: 0 };
  return { kind: 'after-sequence', sequence: inclusive ? n - 1 : n };
}

// Values decoded from CBOR or MessagePack, printed for reading in CBOR's diagnostic notation
// (RFC 8949 §8): a superset of JSON, so a body that holds only JSON values reads exactly like
// pretty JSON, while byte strings read h'0a0b', tags 1(…), and undefined, NaN, Infinity and
// big integers keep their names. Pure.

/** A tagged item (RFC 8949 §3.4) or a MessagePack extension (spec "ext format family"). */
export type Tagged = { tag: number | string; value: unknown };

const INDENT = '  ';

function hexOf(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return JSON.stringify(n);
}

/**
 * Prints `value`; `asTagged` recognises the library's own tag or extension objects. Cycles (which
 * CBOR's shared-reference tags could build) print as `<cycle>` instead of looping.
 */
export function toDiagnostic(
  value: unknown,
  asTagged: (v: object) => Tagged | undefined = () => undefined,
): string {
  const seen = new Set<object>();
  const print = (v: unknown, depth: string): string => {
    if (v === null) return 'null';
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'boolean') return String(v);
    if (typeof v !== 'object') return JSON.stringify(String(v));
    if (v instanceof Uint8Array) return `h'${hexOf(v)}'`;
    if (v instanceof Date)
      return `0(${JSON.stringify(Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString())})`;
    if (seen.has(v)) return '<cycle>';
    seen.add(v);
    try {
      const inner = depth + INDENT;
      const tagged = asTagged(v);
      if (tagged) return `${tagged.tag}(${print(tagged.value, depth)})`;
      let entries: string[];
      let open = '{';
      let close = '}';
      if (Array.isArray(v)) {
        entries = v.map((item) => print(item, inner));
        open = '[';
        close = ']';
      } else if (v instanceof Map) {
        entries = [...v].map(([k, item]) => `${print(k, inner)}: ${print(item, inner)}`);
      } else {
        entries = Object.entries(v).map(
          ([k, item]) => `${JSON.stringify(k)}: ${print(item, inner)}`,
        );
      }
      if (entries.length === 0) return open + close;
      return `${open}\n${inner}${entries.join(`,\n${inner}`)}\n${depth}${close}`;
    } finally {
      seen.delete(v);
    }
  };
  return print(value, '');
}

/**
 * The decoded value made as JSON-like as it can be without losing anything: maps whose keys are
 * all strings become plain objects, and big integers that fit a double exactly become numbers.
 * Everything else (byte strings, tags, maps with other keys, large integers) stays as it is.
 */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Map) {
    const mapped = [...value].map(([k, v]) => [k, plainValue(v)] as const);
    // Object.fromEntries defines own properties, so even a "__proto__" key stays a plain key.
    if (mapped.every(([k]) => typeof k === 'string')) return Object.fromEntries(mapped);
    return new Map(mapped);
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}

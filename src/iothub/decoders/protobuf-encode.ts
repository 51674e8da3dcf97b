// A ProtoJSON-shaped value (https://protobuf.dev/programming-guides/json/) to protobuf bytes,
// walking the schema's reflection with protobufjs's Writer, no generated code (the CSP forbids
// it). Every error names the field path and what was wrong. Fields are written in the order the
// value lists them; a present field is written even when it holds the default value.
import { parseBase64 } from './base64-view.ts';
import protobuf from './protobuf-runtime.ts';
import { isPackable, SIXTY_FOUR, WIRE, wireTypeOf } from './protobuf-wire.ts';

class EncodeError extends Error {}

const fail = (path: string, why: string): never => {
  throw new EncodeError(`at ${path}: ${why}`);
};

const describe = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : `${typeof v} ${JSON.stringify(v)}`;

const RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};

function integer32(v: unknown, type: string, path: string): number {
  // ProtoJSON accepts integers as numbers or as strings.
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  const [lo, hi] = RANGES[type] as [number, number];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > hi)
    fail(path, `${type} needs an integer from ${lo} to ${hi}, got ${describe(v)}`);
  return n as number;
}

function integer64(v: unknown, type: string, path: string): string {
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  const unsigned = type === 'uint64' || type === 'fixed64';
  const ok = typeof text === 'string' && (unsigned ? /^\d+$/ : /^-?\d+$/).test(text);
  const big = ok ? BigInt(text) : 0n;
  const [lo, hi] = unsigned ? [0n, 2n ** 64n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
  if (!ok || big < lo || big > hi)
    fail(
      path,
      `${type} needs an integer (a string for beyond 2^53) from ${lo} to ${hi}, got ${describe(v)}`,
    );
  return text as string;
}

function floating(v: unknown, type: string, path: string): number {
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  if (typeof v !== 'number') fail(path, `${type} needs a number, got ${describe(v)}`);
  return v as number;
}

function writeScalar(w: protobuf.Writer, type: string, v: unknown, path: string): void {
  if (type in RANGES) {
    const n = integer32(v, type, path);
    (w[type as 'int32'] as (n: number) => protobuf.Writer).call(w, n);
  } else if (SIXTY_FOUR.includes(type)) {
    // protobufjs's Writer reads decimal strings through long.js (its 64-bit dependency).
    (w[type as 'int64'] as (n: string) => protobuf.Writer).call(w, integer64(v, type, path));
  } else if (type === 'double' || type === 'float') {
    w[type](floating(v, type, path));
  } else if (type === 'bool') {
    if (typeof v !== 'boolean') fail(path, `bool needs true or false, got ${describe(v)}`);
    w.bool(v as boolean);
  } else if (type === 'string') {
    if (typeof v !== 'string') fail(path, `string needs a string, got ${describe(v)}`);
    w.string(v as string);
  } else if (type === 'bytes') {
    if (typeof v !== 'string') fail(path, `bytes need a base64 string, got ${describe(v)}`);
    const bytes = parseBase64(v as string);
    if (!bytes.ok) fail(path, bytes.error);
    else w.bytes(bytes.value);
  } else fail(path, `unsupported type ${type}`);
}

function writeEnum(w: protobuf.Writer, e: protobuf.Enum, v: unknown, path: string): void {
  if (typeof v === 'string') {
    const n = e.values[v];
    if (n === undefined)
      fail(
        path,
        `${JSON.stringify(v)} is not a value of ${e.name} (${Object.keys(e.values).join(', ')})`,
      );
    w.int32(n as number);
  } else w.int32(integer32(v, 'int32', path));
}

function writeValue(w: protobuf.Writer, field: protobuf.FieldBase, v: unknown, path: string): void {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) writeEnum(w, resolved, v, path);
  else if (resolved instanceof protobuf.Type) {
    w.fork();
    encodeMessage(w, resolved, v, path);
    w.ldelim();
  } else writeScalar(w, field.type, v, path);
}

const tag = (id: number, wireType: number) => ((id << 3) | wireType) >>> 0;

function mapKey(keyType: string, key: string, path: string): unknown {
  if (keyType === 'string') return key;
  if (keyType === 'bool') {
    if (key !== 'true' && key !== 'false') fail(path, `a bool map key is "true" or "false"`);
    return key === 'true';
  }
  return SIXTY_FOUR.includes(keyType) ? key : Number(key);
}

function encodeMessage(w: protobuf.Writer, type: protobuf.Type, v: unknown, path: string): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    fail(path, `message ${type.name} needs a JSON object, got ${describe(v)}`);
  const entries = Object.entries(v as Record<string, unknown>);
  // A oneof holds at most one of its fields (language guide, "Oneof"); two would be sent and the
  // receiver keep only the last, so say so instead.
  for (const oneof of type.oneofsArray) {
    const set = entries.filter(([k, item]) => item !== null && oneof.oneof.includes(k));
    if (set.length > 1)
      fail(
        path,
        `${set.map(([k]) => `"${k}"`).join(' and ')} are one of "${oneof.name}": set only one`,
      );
  }
  for (const [name, value] of entries) {
    const field = type.fields[name];
    const here = `${path}.${name}`;
    if (!field)
      fail(
        path,
        `${type.name} has no field "${name}" (it has ${Object.keys(type.fields).join(', ')})`,
      );
    const f = field as protobuf.Field;
    // ProtoJSON: null means "not set".
    if (value === null) continue;
    const isEnum = f.resolvedType instanceof protobuf.Enum;
    if (f instanceof protobuf.MapField) {
      if (typeof value !== 'object' || Array.isArray(value))
        fail(here, 'a map needs a JSON object');
      for (const [k, item] of Object.entries(value as Record<string, unknown>)) {
        w.uint32(tag(f.id, WIRE.len)).fork();
        w.uint32(tag(1, wireTypeOf(f.keyType, false)));
        writeScalar(w, f.keyType, mapKey(f.keyType, k, `${here}[${k}]`), `${here}[${k}]`);
        w.uint32(tag(2, wireTypeOf(f.type, isEnum)));
        writeValue(w, f, item, `${here}[${k}]`);
        w.ldelim();
      }
    } else if (f.repeated) {
      if (!Array.isArray(value))
        fail(here, `a repeated field needs an array, got ${describe(value)}`);
      const items = value as unknown[];
      if (f.packed && isPackable(f.type, isEnum)) {
        // Packed repeated fields (encoding guide, "Packed Repeated Fields"): one LEN record.
        w.uint32(tag(f.id, WIRE.len)).fork();
        items.forEach((item, i) => writeValue(w, f, item, `${here}[${i}]`));
        w.ldelim();
      } else
        items.forEach((item, i) => {
          w.uint32(tag(f.id, wireTypeOf(f.type, isEnum)));
          writeValue(w, f, item, `${here}[${i}]`);
        });
    } else {
      w.uint32(tag(f.id, wireTypeOf(f.type, isEnum)));
      writeValue(w, f, value, here);
    }
  }
}

/** Encodes `value` as one `type` message; throws an Error naming the field path. */
export function encodeProtobuf(type: protobuf.Type, value: unknown): Uint8Array {
  const w = protobuf.Writer.create();
  encodeMessage(w, type, value, type.name);
  return new Uint8Array(w.finish());
}

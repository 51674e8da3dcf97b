// Protobuf bytes to a ProtoJSON-shaped value, walking the wire format by the schema's reflection
// (https://protobuf.dev/programming-guides/encoding/) with protobufjs's Reader for varints and
// fixed-width numbers, no generated code (the CSP forbids it). Fields absent from the wire are
// absent from the value; fields the schema does not know are kept under their number.
import { bytesToBase64 } from '../encoding.ts';

import protobuf from './protobuf-runtime.ts';
import { isPackable, SIXTY_FOUR, WIRE, WIRE_NAMES, wireTypeOf } from './protobuf-wire.ts';

type Value = unknown;

// Keys come from the bytes (map keys) or the schema; defining them as own properties means a
// "__proto__" key is data, never the object's prototype.
function setOwn(target: Record<string, Value>, key: string, value: Value): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function readScalar(r: protobuf.Reader, type: string): Value {
  switch (type) {
    case 'double':
    case 'float': {
      const n = type === 'double' ? r.double() : r.float();
      return Number.isFinite(n) ? n : String(n);
    }
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'sint32':
      return r.sint32();
    case 'fixed32':
      return r.fixed32();
    case 'sfixed32':
      return r.sfixed32();
    case 'int64':
      return r.int64().toString();
    case 'uint64':
      return r.uint64().toString();
    case 'sint64':
      return r.sint64().toString();
    case 'fixed64':
      return r.fixed64().toString();
    case 'sfixed64':
      return r.sfixed64().toString();
    case 'bool':
      return r.bool();
    case 'string':
      return r.string();
    case 'bytes':
      return bytesToBase64(r.bytes());
    default:
      throw new Error(`unsupported type ${type}`);
  }
}

function readValue(
  r: protobuf.Reader,
  field: protobuf.FieldBase,
  type: string,
  path: string,
): Value {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const n = r.int32();
    return resolved.valuesById[n] ?? n;
  }
  if (resolved instanceof protobuf.Type) return decodeMessage(r, resolved, r.uint32(), path);
  return readScalar(r, type);
}

function unknownValue(r: protobuf.Reader, wireType: number): Value {
  if (wireType === WIRE.varint) return r.uint64().toString();
  if (wireType === WIRE.i64) return r.fixed64().toString();
  if (wireType === WIRE.i32) return r.fixed32();
  if (wireType === WIRE.len) return bytesToBase64(r.bytes());
  throw new Error(`wire type ${WIRE_NAMES[wireType] ?? wireType} is not supported`);
}

function decodeMessage(r: protobuf.Reader, type: protobuf.Type, length: number, path: string) {
  const end = r.pos + length;
  if (end > r.len) throw new Error(`at ${path}: the message runs past the end of the bytes`);
  const out: Record<string, Value> = {};
  while (r.pos < end) {
    const at = r.pos;
    const tag = r.uint32();
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 0) throw new Error(`at ${path}, byte ${at}: field number 0 is invalid`);
    const field = type.fieldsById[id];
    if (!field) {
      setOwn(out, String(id), unknownValue(r, wireType));
      continue;
    }
    const here = `${path}.${field.name}`;
    const isEnum = field.resolvedType instanceof protobuf.Enum;
    if (field instanceof protobuf.MapField) {
      const entry = decodeMapEntry(r, field, here);
      if (!Object.hasOwn(out, field.name)) setOwn(out, field.name, {});
      setOwn(out[field.name] as Record<string, Value>, entry.key, entry.value);
      continue;
    }
    const expected = wireTypeOf(field.type, isEnum);
    const packed = field.repeated && wireType === WIRE.len && isPackable(field.type, isEnum);
    if (!packed && wireType !== expected)
      throw new Error(
        `at ${here}, byte ${at}: wire type ${WIRE_NAMES[wireType] ?? wireType}, ` +
          `expected ${WIRE_NAMES[expected]} for ${field.type}`,
      );
    if (!field.repeated) {
      setOwn(out, field.name, readValue(r, field, field.type, here));
      continue;
    }
    if (!Object.hasOwn(out, field.name)) setOwn(out, field.name, []);
    const list = out[field.name] as Value[];
    if (packed) {
      const stop = r.uint32() + r.pos;
      while (r.pos < stop) list.push(readValue(r, field, field.type, here));
    } else list.push(readValue(r, field, field.type, `${here}[${list.length}]`));
  }
  if (r.pos !== end) throw new Error(`at ${path}: a field runs past the end of the message`);
  return out;
}

function decodeMapEntry(r: protobuf.Reader, field: protobuf.MapField, path: string) {
  const end = r.uint32() + r.pos;
  let key: Value = field.keyType === 'string' ? '' : field.keyType === 'bool' ? false : 0;
  let value: Value;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) key = readScalar(r, field.keyType);
    else if (tag >>> 3 === 2) value = readValue(r, field, field.type, `${path}[${String(key)}]`);
    else r.skipType(tag & 7);
  }
  return { key: String(key), value: value === undefined ? defaultOf(field) : value };
}

/** A map entry may omit its value on the wire; it then holds the type's default (proto3). */
function defaultOf(field: protobuf.FieldBase): Value {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return {};
  if (resolved instanceof protobuf.Enum) return resolved.valuesById[0] ?? 0;
  if (field.type === 'string' || field.type === 'bytes') return '';
  if (field.type === 'bool') return false;
  return SIXTY_FOUR.includes(field.type) ? '0' : 0;
}

/** Decodes `bytes` as one `type` message; throws with the field path and byte offset. */
export function decodeProtobuf(type: protobuf.Type, bytes: Uint8Array): Record<string, Value> {
  const r = protobuf.Reader.create(bytes);
  try {
    return decodeMessage(r, type, bytes.length, type.name);
  } catch (e) {
    // protobufjs's Reader throws RangeError "index out of range" on truncated input.
    if (e instanceof RangeError)
      throw new Error(`${type.name}: the bytes end in the middle of a field`, { cause: e });
    throw e;
  }
}

// What the protobuf wire format says about each scalar type
// (https://protobuf.dev/programming-guides/encoding/#structure): its wire type, and whether a
// repeated field of it may be packed. Values follow the ProtoJSON mapping
// (https://protobuf.dev/programming-guides/json/): 64-bit integers as decimal strings, bytes as
// base64, enums by name, non-finite floats as "NaN", "Infinity", "-Infinity". Pure.

export const WIRE = { varint: 0, i64: 1, len: 2, i32: 5 } as const;

const VARINT = ['int32', 'uint32', 'sint32', 'int64', 'uint64', 'sint64', 'bool'];
const I64 = ['fixed64', 'sfixed64', 'double'];
const I32 = ['fixed32', 'sfixed32', 'float'];
export const SIXTY_FOUR = ['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'];

/** The wire type of a scalar (or enum, which is a varint); messages, strings and bytes are LEN. */
export function wireTypeOf(type: string, isEnum: boolean): number {
  if (isEnum || VARINT.includes(type)) return WIRE.varint;
  if (I64.includes(type)) return WIRE.i64;
  if (I32.includes(type)) return WIRE.i32;
  return WIRE.len;
}

/** Repeated fields of numeric scalars and enums can be packed into one LEN record. */
export const isPackable = (type: string, isEnum: boolean) => wireTypeOf(type, isEnum) !== WIRE.len;

export const WIRE_NAMES = ['VARINT', 'I64', 'LEN', 'SGROUP', 'EGROUP', 'I32'];

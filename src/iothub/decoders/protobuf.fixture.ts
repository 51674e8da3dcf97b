// A small schema for the Protobuf tests: every scalar kind, an enum, a map, nesting, packed and
// unpacked repeated fields.
export const READING_PROTO = `
syntax = "proto3";
package telemetry;

enum Level { LOW = 0; HIGH = 1; CRITICAL = 2; }

message Inner {
  string note = 1;
  fixed32 code = 2;
}

message Reading {
  string sensor = 1;
  double value = 2;
  int32 count = 3;
  sint64 delta = 4;
  bool ok = 5;
  bytes raw = 6;
  repeated int32 samples = 7;
  Level level = 8;
  map<string, int32> tags = 9;
  Inner inner = 10;
  repeated Inner history = 11;
  uint64 id = 12;
  float ratio = 13;
  sfixed64 offset = 14;
  repeated string names = 15;
  message Nested { uint32 n = 1; }
  Nested nested = 16;
}
`;

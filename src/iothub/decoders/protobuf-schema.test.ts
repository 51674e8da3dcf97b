import { describe, expect, it } from 'vitest';

import { lookupMessageType, parseProtoSchema } from './protobuf-schema.ts';
import { READING_PROTO } from './protobuf.fixture.ts';

describe('parseProtoSchema', () => {
  it('lists every message type, nested ones too', () => {
    const r = parseProtoSchema(READING_PROTO);
    expect(r.ok && r.value.messageTypes).toEqual([
      'telemetry.Inner',
      'telemetry.Reading',
      'telemetry.Reading.Nested',
    ]);
  });

  it('says where and why a .proto does not parse', () => {
    expect(parseProtoSchema('syntax = "proto3";\nmessage M {\n  int32 x = ;\n}')).toEqual({
      ok: false,
      error: "Invalid .proto, line 3: illegal id ';'",
    });
    expect(parseProtoSchema('message M { Missing m = 1; }')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Missing'),
    });
    expect(parseProtoSchema('')).toEqual({ ok: false, error: 'Invalid .proto: the file is empty' });
    expect(parseProtoSchema('syntax = "proto3"; enum E { A = 0; }')).toEqual({
      ok: false,
      error: 'Invalid .proto: it declares no message type',
    });
  });

  it('resolves the well-known types and refuses other imports', () => {
    const withTimestamp = parseProtoSchema(
      'syntax = "proto3"; import "google/protobuf/timestamp.proto";\n' +
        'message M { google.protobuf.Timestamp at = 1; }',
    );
    expect(withTimestamp.ok && withTimestamp.value.messageTypes).toContain('M');
    expect(
      parseProtoSchema('syntax = "proto3"; import "mine.proto"; message M { int32 x = 1; }'),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('"mine.proto"'),
    });
  });

  it('looks a type up by name, or lists what there is', () => {
    const r = parseProtoSchema(READING_PROTO);
    if (!r.ok) throw new Error(r.error);
    expect(lookupMessageType(r.value, 'telemetry.Reading').ok).toBe(true);
    expect(lookupMessageType(r.value, 'Nope')).toMatchObject({
      ok: false,
      error: expect.stringContaining('telemetry.Inner, telemetry.Reading'),
    });
  });
});

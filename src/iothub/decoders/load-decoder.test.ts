import { describe, expect, it } from 'vitest';

import { loadDecoder, loadProtoSchema } from './load-decoder.ts';
import { READING_PROTO } from './protobuf.fixture.ts';
import { PAYLOAD_VIEW_KINDS } from './types.ts';

describe('loadDecoder', () => {
  it('loads the codec of each view, once', async () => {
    for (const kind of PAYLOAD_VIEW_KINDS) {
      const codec = await loadDecoder(kind);
      expect(codec.kind).toBe(kind);
      expect(await loadDecoder(kind)).toBe(codec);
    }
  });

  it('decodes what it encodes through the loaded modules', async () => {
    const cbor = await loadDecoder('cbor');
    const bytes = cbor.encode('{"t": 21.5}');
    if (!bytes.ok) throw new Error(bytes.error);
    expect(cbor.decode(bytes.value)).toMatchObject({ ok: true, value: { value: { t: 21.5 } } });
  });

  it('loads a .proto schema for the Protobuf view', async () => {
    const schema = await loadProtoSchema(READING_PROTO);
    if (!schema.ok) throw new Error(schema.error);
    const protobuf = await loadDecoder('protobuf');
    const context = { protobuf: { schema: schema.value, type: 'telemetry.Reading' } };
    const bytes = protobuf.encode('{"sensor": "t1", "count": 3}', context);
    if (!bytes.ok) throw new Error(bytes.error);
    expect(Buffer.from(bytes.value).toString('hex')).toBe('0a027431' + '1803');
    expect(protobuf.decode(bytes.value, context)).toMatchObject({
      ok: true,
      value: { value: { sensor: 't1', count: 3 } },
    });
  });
});

// A send form's body as it will go out: JSON and text as typed (UTF-8), hex and base64 parsed,
// JSON encoded as CBOR, MessagePack or Protobuf with the loaded schema. The codec loads on first
// use (use-codec.ts); until then the body is "pending" and Send waits. Errors say where and why,
// so the form can show the reason beside a disabled Send (issue 8).
import { useMemo } from 'react';

import type { ProtoSchema } from '../iothub/decoders/protobuf-schema.ts';
import { SENT_AS_TEXT, type SendFormat } from '../iothub/decoders/send-formats.ts';

import { useCodec } from './use-codec.ts';

export type EncodedBody =
  | { state: 'ok'; body: string | Uint8Array; bytes: number }
  | { state: 'error'; error: string }
  | { state: 'pending' };

const encoder = new TextEncoder();

export function useEncodedBody(
  format: SendFormat,
  text: string,
  proto: { schema: ProtoSchema; type: string } | undefined,
): EncodedBody {
  const codec = useCodec(format);
  return useMemo<EncodedBody>(() => {
    if (format === 'text') return { state: 'ok', body: text, bytes: encoder.encode(text).length };
    if (!codec) return { state: 'pending' };
    if ('error' in codec) return { state: 'error', error: codec.error };
    if (format === 'protobuf' && !proto)
      return { state: 'error', error: 'Protobuf: load a .proto file and pick the message type' };
    const encoded = codec.codec.encode(
      text,
      proto ? { protobuf: { schema: proto.schema, type: proto.type } } : {},
    );
    if (!encoded.ok) return { state: 'error', error: encoded.error };
    // JSON goes out as typed (the codec checked it parses), so the user's formatting survives.
    const body = SENT_AS_TEXT.has(format) ? text : encoded.value;
    return { state: 'ok', body, bytes: encoded.value.length };
  }, [format, text, proto, codec]);
}

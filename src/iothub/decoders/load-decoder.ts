// Each view is its own module, imported only when a record is first shown that way, so the
// libraries behind CBOR, MessagePack and Protobuf are separate chunks and the first screen stays
// small (https://vite.dev/guide/features#dynamic-import). Pure apart from the dynamic import.
import type { Result } from '../result.ts';

import type { ProtoSchema } from './protobuf-schema.ts';
import type { PayloadCodec, PayloadViewKind } from './types.ts';

const loaders: Record<PayloadViewKind, () => Promise<PayloadCodec>> = {
  json: () => import('./json-view.ts').then((m) => m.jsonCodec),
  text: () => import('./text-view.ts').then((m) => m.textCodec),
  hex: () => import('./hex-view.ts').then((m) => m.hexCodec),
  base64: () => import('./base64-view.ts').then((m) => m.base64Codec),
  cbor: () => import('./cbor-codec.ts').then((m) => m.cborCodec),
  msgpack: () => import('./msgpack-codec.ts').then((m) => m.msgpackCodec),
  protobuf: () => import('./protobuf-codec.ts').then((m) => m.protobufCodec),
};

const loaded = new Map<PayloadViewKind, Promise<PayloadCodec>>();

export function loadDecoder(kind: PayloadViewKind): Promise<PayloadCodec> {
  let codec = loaded.get(kind);
  if (!codec) {
    codec = loaders[kind]();
    // A failed load (a network blip) is retried on the next call rather than cached.
    codec.catch(() => loaded.delete(kind));
    loaded.set(kind, codec);
  }
  return codec;
}

/** Parses a `.proto` file; the result goes in CodecContext.protobuf with a message type. */
export async function loadProtoSchema(source: string): Promise<Result<ProtoSchema>> {
  const { parseProtoSchema } = await import('./protobuf-schema.ts');
  return parseProtoSchema(source);
}

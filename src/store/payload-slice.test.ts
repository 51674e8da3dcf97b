import { describe, expect, it } from 'vitest';

import type { ProtoSchema } from '../iothub/decoders/protobuf-schema.ts';

import { MAX_VIEW_CHOICES, payloadKey } from './payload-slice.ts';
import { createConsoleStore } from './store.ts';

const schema = (types: string[]) => ({ root: {}, messageTypes: types }) as unknown as ProtoSchema;

describe('payload slice', () => {
  it('keeps the view picked per record, the newest MAX_VIEW_CHOICES only', () => {
    const store = createConsoleStore();
    for (let i = 0; i <= MAX_VIEW_CHOICES; i++)
      store.getState().setPayloadView(payloadKey('hub', i), 'hex');
    const views = store.getState().payload.views;
    expect(Object.keys(views)).toHaveLength(MAX_VIEW_CHOICES);
    expect(views[payloadKey('hub', 0)]).toBeUndefined();
    expect(views[payloadKey('hub', MAX_VIEW_CHOICES)]).toBe('hex');
  });

  it('picks the first message type, keeps a picked one across a reload of the file', () => {
    const store = createConsoleStore();
    store.getState().setProtoSchema('a.proto', schema(['acme.A', 'acme.B']));
    expect(store.getState().payload.proto?.type).toBe('acme.A');
    store.getState().setProtoType('acme.B');
    store.getState().setProtoType('acme.Missing'); // not in the file: ignored
    store.getState().setProtoSchema('a.proto', schema(['acme.B', 'acme.C']));
    expect(store.getState().payload.proto?.type).toBe('acme.B');
    store.getState().setProtoSchema('b.proto', schema(['other.X']));
    expect(store.getState().payload.proto?.type).toBe('other.X');
    store.getState().clearProtoSchema();
    expect(store.getState().payload.proto).toBeUndefined();
  });
});

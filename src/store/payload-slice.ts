// How the user reads payloads (issue 8, "Payloads as they were meant"): the view each record was
// switched to, and the Protobuf schema loaded for this page. Kept here rather than in rows, since
// the lists are virtualized and a row scrolled out of view is unmounted. Memory only: the schema
// is the user's file and is asked for again after a reload (DEVELOPERS.md, "Payload views").
import type { StateCreator } from 'zustand';

import type { ProtoSchema } from '../iothub/decoders/protobuf-schema.ts';
import type { PayloadViewKind } from '../iothub/decoders/types.ts';

import { putRecent } from './recent-record.ts';

/** Records whose view the user switched that are remembered; the oldest choice goes first. */
export const MAX_VIEW_CHOICES = 2000;

export type LoadedProto = {
  fileName: string;
  schema: ProtoSchema;
  /** The message type records and sends use; the first one in the file until the user picks. */
  type: string;
};

export type PayloadSlice = {
  payload: {
    /** By record key (payloadKey()): the view the user picked instead of the default. */
    views: Record<string, PayloadViewKind>;
    proto: LoadedProto | undefined;
  };
  setPayloadView: (key: string, kind: PayloadViewKind) => void;
  setProtoSchema: (fileName: string, schema: ProtoSchema) => void;
  setProtoType: (type: string) => void;
  clearProtoSchema: () => void;
};

/** A record's key among every list: the list it is in and its id there. */
export const payloadKey = (list: string, id: string | number): string => `${list}:${id}`;

export const createPayloadSlice: StateCreator<PayloadSlice, [], [], PayloadSlice> = (set) => ({
  payload: { views: {}, proto: undefined },
  setPayloadView: (key, kind) =>
    set((s) => ({
      payload: { ...s.payload, views: putRecent(s.payload.views, key, kind, MAX_VIEW_CHOICES) },
    })),
  setProtoSchema: (fileName, schema) =>
    set((s) => {
      // A reloaded file keeps the picked type when it still declares it.
      const kept = s.payload.proto?.type;
      const type =
        kept !== undefined && schema.messageTypes.includes(kept)
          ? kept
          : (schema.messageTypes[0] ?? '');
      return { payload: { ...s.payload, proto: { fileName, schema, type } } };
    }),
  setProtoType: (type) =>
    set((s) =>
      s.payload.proto && s.payload.proto.schema.messageTypes.includes(type)
        ? { payload: { ...s.payload, proto: { ...s.payload.proto, type } } }
        : s,
    ),
  clearProtoSchema: () => set((s) => ({ payload: { ...s.payload, proto: undefined } })),
});

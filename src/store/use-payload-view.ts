// React access to how one record's payload is read: the view the user picked for it (kept per
// record in payload-slice.ts, since list rows unmount when scrolled away) and the page's
// Protobuf schema. Rows spread the result into components/payload-view.tsx.
import { useCallback } from 'react';

import type { ProtoSchema } from '../iothub/decoders/protobuf-schema.ts';
import type { PayloadViewKind } from '../iothub/decoders/types.ts';

import type { LoadedProto } from './payload-slice.ts';
import { useConsoleStore } from './store.ts';

export type ProtoControls = {
  proto: LoadedProto | undefined;
  onProtoSchema: (fileName: string, schema: ProtoSchema) => void;
  onProtoType: (type: string) => void;
};

export type PayloadChoice = ProtoControls & {
  chosen: PayloadViewKind | undefined;
  onChoose: (kind: PayloadViewKind) => void;
};

const onProtoSchema = (fileName: string, schema: ProtoSchema) =>
  useConsoleStore.getState().setProtoSchema(fileName, schema);
const onProtoType = (type: string) => useConsoleStore.getState().setProtoType(type);

export function useProtoControls(): ProtoControls {
  const proto = useConsoleStore((s) => s.payload.proto);
  return { proto, onProtoSchema, onProtoType };
}

export function usePayloadChoice(viewKey: string): PayloadChoice {
  const chosen = useConsoleStore((s) => s.payload.views[viewKey]);
  const onChoose = useCallback(
    (kind: PayloadViewKind) => useConsoleStore.getState().setPayloadView(viewKey, kind),
    [viewKey],
  );
  return { ...useProtoControls(), chosen, onChoose };
}

// PayloadView and the .proto loader as their own chunks: no list has records on the first screen, so the view machinery
// (default view, folding, the "View as" control) loads with the first record rather than with
// the page (the first screen's JS budget: DEVELOPERS.md, "Payload views").
import Box from '@mui/material/Box';
import { Suspense } from 'react';

import { lazyChunk } from './lazy-chunk.ts';
import type { PayloadViewProps } from './payload-view.tsx';
import type { ProtoSchemaPickerProps } from './proto-schema-picker.tsx';

const PayloadView = lazyChunk(() => import('./payload-view.tsx').then((m) => m.PayloadView));

const ProtoSchemaPicker = lazyChunk(() =>
  import('./proto-schema-picker.tsx').then((m) => m.ProtoSchemaPicker),
);

/** The .proto loader for the send forms, loaded when the user picks Protobuf. */
export function LazyProtoSchemaPicker(props: ProtoSchemaPickerProps) {
  return (
    <Suspense fallback={null}>
      <ProtoSchemaPicker {...props} />
    </Suspense>
  );
}

export function LazyPayloadView(props: PayloadViewProps) {
  return (
    <Suspense fallback={<Box sx={{ minHeight: 40 }} aria-busy="true" />}>
      <PayloadView {...props} />
    </Suspense>
  );
}

// Monaco arrives on demand: the first screen renders without it (perf A5).
import Box from '@mui/material/Box';
import { Suspense } from 'react';

import type { JsonEditorProps } from './json-editor.tsx';
import { lazyChunk } from './lazy-chunk.ts';

const Editor = lazyChunk(() => import('./json-editor.tsx').then((m) => m.JsonEditor));

export function LazyJsonEditor(props: JsonEditorProps) {
  const height = props.height ?? 160;
  return (
    <Box
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden' }}
      data-testid={`editor-${props.label}`}
    >
      <Suspense
        fallback={
          <Box sx={{ height, p: 1, color: 'text.secondary', fontSize: 13 }}>Loading editor…</Box>
        }
      >
        <Editor {...props} />
      </Suspense>
    </Box>
  );
}

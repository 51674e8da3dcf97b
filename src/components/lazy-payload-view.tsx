// PayloadView as its own chunk: no list has records on the first screen, so the view machinery
// (default view, folding, the "View as" control) loads with the first record rather than with
// the page (the first screen's JS budget: DEVELOPERS.md, "Payload views").
import Box from '@mui/material/Box';
import { lazy, Suspense } from 'react';

import type { PayloadViewProps } from './payload-view.tsx';

const PayloadView = lazy(() =>
  import('./payload-view.tsx').then((m) => ({ default: m.PayloadView })),
);

export function LazyPayloadView(props: PayloadViewProps) {
  return (
    <Suspense fallback={<Box sx={{ minHeight: 40 }} aria-busy="true" />}>
      <PayloadView {...props} />
    </Suspense>
  );
}

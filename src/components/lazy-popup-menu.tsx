// PopupMenu loaded on first use: mounted only while its menu is open or its notice shows.
import { Suspense } from 'react';

import { lazyChunk } from './lazy-chunk.ts';
import type { PopupMenuProps } from './popup-menu.tsx';

const PopupMenu = lazyChunk(() => import('./popup-menu.tsx').then((m) => m.PopupMenu));

export function LazyPopupMenu(props: PopupMenuProps) {
  if (props.anchor === null && props.notice === undefined) return null;
  return (
    <Suspense fallback={null}>
      <PopupMenu {...props} />
    </Suspense>
  );
}

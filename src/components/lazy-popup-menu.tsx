// PopupMenu loaded on first use: mounted only while its menu is open or its notice shows.
import { lazy, Suspense } from 'react';

import type { PopupMenuProps } from './popup-menu.tsx';

const PopupMenu = lazy(() => import('./popup-menu.tsx').then((m) => ({ default: m.PopupMenu })));

export function LazyPopupMenu(props: PopupMenuProps) {
  if (props.anchor === null && props.notice === undefined) return null;
  return (
    <Suspense fallback={null}>
      <PopupMenu {...props} />
    </Suspense>
  );
}

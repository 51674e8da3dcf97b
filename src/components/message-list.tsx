// A virtualized list, newest first unless `oldestFirst` (then it follows the end while scrolled
// there, like a log) (perf A4): only visible rows are in the DOM. Cheap to refresh during a flood
// (docs/benchmarks.md, "The console's long tasks"): the scroll box is a layout boundary
// (`contain: strict`); a new row is not measured by a forced layout; few rows are rendered beyond
// the visible ones; offsets are inline styles (no CSS rule per offset); rows are memo components
// (c2d-row.tsx, sent-row.tsx), so a refresh renders only rows whose item changed.
import Box from '@mui/material/Box';
import { useVirtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, type ReactNode } from 'react';

export type MessageListProps<T> = {
  items: readonly T[];
  getKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  /** Accessible name of the list. */
  label: string;
  height?: number | string;
  estimateSize?: number;
  empty?: ReactNode;
  /** Oldest at the top, scrolled to the newest while the user is at the end (the timeline). */
  oldestFirst?: boolean;
  /** Accessible name of a row. */
  itemLabel?: (item: T) => string;
};

/**
 * A row's height from its ResizeObserver entry only. TanStack's default also reads offsetHeight
 * when a row mounts, which forces a synchronous layout of the page inside React's commit (the
 * largest single cost of a list refresh in the console profile, docs/benchmarks.md); a new row
 * keeps its estimate until the observer, which runs after the browser's own layout, reports it.
 */
const sizeWithoutLayout: NonNullable<
  VirtualizerOptions<HTMLDivElement, Element>['measureElement']
> = (element, entry, instance) => {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const index = instance.indexFromElement(element);
  return (
    instance.itemSizeCache.get(instance.options.getItemKey(index)) ??
    instance.options.estimateSize(index)
  );
};

export function MessageList<T>(props: MessageListProps<T>) {
  const { items, getKey, renderItem, label, height = 320, estimateSize = 56, empty } = props;
  const { oldestFirst = false, itemLabel } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const count = items.length;
  // Newest first: row i shows items[count - 1 - i].
  const at = (i: number) => items[oldestFirst ? i : count - 1 - i] as T;
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not memo-safe by design
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    overscan: 2,
    getItemKey: (i) => getKey(at(i)),
    measureElement: sizeWithoutLayout,
  });
  useLayoutEffect(() => {
    if (oldestFirst && atEnd.current && count > 0) virtualizer.scrollToIndex(count - 1);
  }, [oldestFirst, count, virtualizer]);
  return (
    <Box
      ref={scrollRef}
      role="list"
      aria-label={label}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
      }}
      sx={{
        height,
        overflow: 'auto',
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        contain: 'strict',
      }}
    >
      {count === 0 ? (
        <Box sx={{ p: 2, color: 'text.secondary', fontSize: 14 }}>{empty ?? 'Nothing yet.'}</Box>
      ) : (
        // Sizes and offsets change with every refresh: inline styles, not sx (each new sx value
        // would insert a CSS rule that stays in the page's stylesheet for good).
        <Box sx={{ position: 'relative' }} style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => (
            <Box
              key={row.key}
              role="listitem"
              aria-label={itemLabel?.(at(row.index))}
              data-index={row.index}
              ref={virtualizer.measureElement}
              sx={{
                position: 'absolute',
                top: 0,
                left: 0,
                width: '100%',
                borderBottom: 1,
                borderColor: 'divider',
              }}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              {renderItem(at(row.index))}
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}

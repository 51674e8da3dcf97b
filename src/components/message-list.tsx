// A virtualized list, newest first unless `oldestFirst` (then it follows the end while scrolled
// there, like a log) (perf A4): only visible rows are in the DOM.
import Box from '@mui/material/Box';
import { useVirtualizer } from '@tanstack/react-virtual';
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
    overscan: 6,
    getItemKey: (i) => getKey(at(i)),
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
      sx={{ height, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      {count === 0 ? (
        <Box sx={{ p: 2, color: 'text.secondary', fontSize: 14 }}>{empty ?? 'Nothing yet.'}</Box>
      ) : (
        <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
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
                transform: `translateY(${row.start}px)`,
                borderBottom: 1,
                borderColor: 'divider',
              }}
            >
              {renderItem(at(row.index))}
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}

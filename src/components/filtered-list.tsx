// A list pane's filtered list: the filter box, then the virtualised list (message-list.tsx) of
// the items that match, matches highlighted, each row with its copy menu. The pane passes what
// its store hook (src/store/use-find.ts) gives it.
import type { ReactNode } from 'react';

import { FilterBox, type FilterBoxProps } from './filter-box.tsx';
import { HighlightScope, type Ranges } from './highlight.tsx';
import { MessageList, type MessageListProps } from './message-list.tsx';
import { RecordActions, type CopyEntry } from './record-actions.tsx';

export type ListFind<T, K extends string, D extends string> = {
  box: Omit<FilterBoxProps<K, D>, 'kinds' | 'directions'>;
  highlight: Ranges;
  shown: readonly T[];
  total: number;
  copiesOf: (item: T) => readonly CopyEntry[];
};

type Props<T, K extends string, D extends string> = Omit<MessageListProps<T>, 'items'> & {
  find: ListFind<T, K, D>;
  kinds?: readonly K[];
  directions?: readonly D[];
  /** Shown when items exist but none matches. */
  noMatch: string;
  empty: ReactNode;
};

export function FilteredList<T, K extends string, D extends string>(props: Props<T, K, D>) {
  const { find, noMatch, empty, renderItem, kinds, directions, ...list } = props;
  return (
    <>
      <FilterBox
        {...find.box}
        {...(kinds ? { kinds } : {})}
        {...(directions ? { directions } : {})}
      />
      <HighlightScope ranges={find.highlight}>
        <MessageList
          {...list}
          items={find.shown}
          renderItem={(item) => (
            <RecordActions entries={() => find.copiesOf(item)}>{renderItem(item)}</RecordActions>
          )}
          empty={find.total > 0 ? noMatch : empty}
        />
      </HighlightScope>
    </>
  );
}

// Highlights where the pane's filter matches inside a row's text, as <mark> elements (text
// nodes only, never HTML). The ranges come from the pane through context (findMatches in
// src/store/journal-search-text.ts), so rows stay unaware of the filter.
import { createContext, useContext, type ReactNode } from 'react';

export type Ranges = (text: string) => readonly { start: number; end: number }[];

const none: Ranges = () => [];
const HighlightContext = createContext<Ranges>(none);

export function HighlightScope({ ranges, children }: { ranges: Ranges; children: ReactNode }) {
  return <HighlightContext.Provider value={ranges}>{children}</HighlightContext.Provider>;
}

export function Highlight({ text }: { text: string }) {
  const ranges = useContext(HighlightContext)(text);
  if (ranges.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start > at) parts.push(text.slice(at, r.start));
    parts.push(<mark key={r.start}>{text.slice(r.start, r.end)}</mark>);
    at = r.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

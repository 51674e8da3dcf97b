// `/` focuses the filter (issue 8): of the pane the user last clicked or focused in, else the
// journal view's, else the first on the page. Not while typing in a field or an editor.
import { useEffect } from 'react';

const FILTER = 'input[data-filter-box]';

function editable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function useFilterShortcut(): void {
  useEffect(() => {
    let last: Element | null = null;
    const remember = (e: Event) => {
      const region = (e.target as Element | null)?.closest?.('section[aria-label]');
      if (region) last = region;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (editable(e.target)) return;
      const input =
        (last?.isConnected ? last.querySelector<HTMLInputElement>(FILTER) : null) ??
        document.querySelector<HTMLInputElement>(`section[aria-label="Journal"] ${FILTER}`) ??
        document.querySelector<HTMLInputElement>(FILTER);
      if (!input) return;
      e.preventDefault();
      input.focus();
      input.select();
    };
    document.addEventListener('pointerdown', remember, true);
    document.addEventListener('focusin', remember, true);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', remember, true);
      document.removeEventListener('focusin', remember, true);
      document.removeEventListener('keydown', onKey);
    };
  }, []);
}

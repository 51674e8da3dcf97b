// Components loaded on demand (the first screen stays within its JavaScript budget,
// docs/benchmarks.md) but fetched soon after start all the same: a chunk first needed while the
// network is gone (a hub that went away, a laptop offline) would otherwise fail to load and take
// the page down with it. `preloadChunks()` (main.tsx, once the first screen is up) fetches every
// chunk registered so far, and from then on each newly registered one (a lazy component inside a
// lazy chunk) at once.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

const loaders: (() => Promise<unknown>)[] = [];
let preloading = false;

function preload(load: () => Promise<unknown>): void {
  // A failure here is retried by React when the component is first rendered.
  load().catch(() => undefined);
}

export function lazyChunk<P extends object>(
  load: () => Promise<ComponentType<P>>,
): LazyExoticComponent<ComponentType<P>> {
  if (preloading) preload(load);
  else loaders.push(load);
  return lazy(() => load().then((component) => ({ default: component })));
}

export function preloadChunks(): void {
  preloading = true;
  for (const load of loaders.splice(0)) preload(load);
}

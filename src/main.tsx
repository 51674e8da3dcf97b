import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/app.tsx';
import { preloadChunks } from './components/lazy-chunk.ts';
import { startConsole } from './store/console-session.ts';
import { persistDrafts } from './store/drafts-persist.ts';
import { journalRecordsFromQuery } from './store/journal-options.ts';
import { useConsoleStore } from './store/store.ts';

const journalRecords = journalRecordsFromQuery(window.location.search);
if (journalRecords !== undefined)
  useConsoleStore.getState().setJournalLimits({
    ...useConsoleStore.getState().journalLimits,
    records: journalRecords,
  });
startConsole(window.location.origin, window.location.search);
try {
  persistDrafts(useConsoleStore, window.sessionStorage);
} catch {
  // Reading window.sessionStorage throws where storage is blocked: drafts stay in memory.
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// What loads on demand is fetched once the first screen is up, so a chunk first needed while the
// network is gone still renders (components/lazy-chunk.ts).
window.setTimeout(preloadChunks, 1500);

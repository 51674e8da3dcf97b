import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/app.tsx';
import { startConsole } from './store/console-session.ts';
import { persistDrafts } from './store/drafts-persist.ts';
import { useConsoleStore } from './store/store.ts';

startConsole(window.location.origin);
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

// Device twin: documents with $version, Refresh, reported patch, desired log, $rid requests.
import Button from '@mui/material/Button';

import { PaneCard } from '../../components/pane-card.tsx';
import { useConsoleStore } from '../../store/store.ts';

import { ReportedEditor } from './reported-editor.tsx';
import { TwinDocuments } from './twin-documents.tsx';
import { TwinLogs } from './twin-logs.tsx';

export function TwinPane({ dark }: { dark: boolean }) {
  const connected = useConsoleStore((s) => s.connection.status.state === 'connected');
  return (
    <PaneCard
      title="Twin"
      actions={
        <Button
          size="small"
          disabled={!connected}
          onClick={() => useConsoleStore.getState().requestTwin()}
        >
          Refresh
        </Button>
      }
    >
      <TwinDocuments />
      <ReportedEditor dark={dark} />
      <TwinLogs />
    </PaneCard>
  );
}

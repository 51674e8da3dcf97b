// Desired and reported properties as JSON with their $version; Refresh GETs the twin again.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

import { JsonView } from '../../components/json-view.tsx';
import { useConsoleStore } from '../../store/store.ts';

function version(doc: Record<string, unknown> | undefined): string {
  const v = doc?.$version;
  return typeof v === 'number' ? ` ($version ${v})` : '';
}

const NOT_FETCHED = 'Not fetched yet: connecting GETs the twin.';

export function TwinDocuments() {
  const twin = useConsoleStore((s) => s.twin);
  return (
    <>
      {twin.awayKeys.length > 0 && (
        <Alert severity="info">
          Desired properties changed while the console was away: {twin.awayKeys.join(', ')}
        </Alert>
      )}
      <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="subtitle2">Desired properties{version(twin.desired)}</Typography>
          <JsonView
            label="Desired properties"
            value={twin.desired}
            highlight={twin.changedKeys}
            empty={NOT_FETCHED}
          />
        </Box>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="subtitle2">Reported properties{version(twin.reported)}</Typography>
          <JsonView label="Reported properties" value={twin.reported} empty={NOT_FETCHED} />
        </Box>
      </Box>
    </>
  );
}

// System properties of a telemetry message (spec §3.1 wire keys $.mid, $.cid, $.ct, $.ce).
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

import type { TelemetryDraft } from './compose-telemetry.ts';

type Props = { draft: TelemetryDraft; onChange: (patch: Partial<TelemetryDraft>) => void };

export function SystemProperties({ draft, onChange }: Props) {
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <FormControlLabel
          control={
            <Checkbox
              checked={draft.autoMessageId}
              onChange={(e) => onChange({ autoMessageId: e.target.checked })}
            />
          }
          label="Auto-generate message ID"
        />
        <TextField
          size="small"
          label="Message ID"
          value={draft.autoMessageId ? '' : draft.messageId}
          placeholder={draft.autoMessageId ? 'a new UUID per message' : ''}
          disabled={draft.autoMessageId}
          onChange={(e) => onChange({ messageId: e.target.value })}
          sx={{ flex: 1 }}
        />
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <TextField
          size="small"
          label="Correlation ID"
          value={draft.correlationId}
          onChange={(e) => onChange({ correlationId: e.target.value })}
          sx={{ flex: 1 }}
        />
        <TextField
          size="small"
          label="Content type"
          value={draft.contentType}
          onChange={(e) => onChange({ contentType: e.target.value })}
          sx={{ flex: 1 }}
        />
        <TextField
          size="small"
          label="Content encoding"
          value={draft.contentEncoding}
          onChange={(e) => onChange({ contentEncoding: e.target.value })}
          sx={{ flex: 1 }}
        />
      </Stack>
    </Stack>
  );
}

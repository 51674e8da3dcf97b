// System properties of a telemetry message (spec §3.1 wire keys $.mid, $.cid, $.ct, $.ce).
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

import { ContentTypeFields } from '../../components/content-type-fields.tsx';

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
        {/* Typing here pins the value; otherwise it follows the body format, so switching the
            format never leaves a stale content type behind. */}
        <ContentTypeFields value={draft} onChange={onChange} />
      </Stack>
    </Stack>
  );
}

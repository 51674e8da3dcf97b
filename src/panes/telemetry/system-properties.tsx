// System properties of a telemetry message (spec §3.1 wire keys $.mid, $.cid, $.ct, $.ce).
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

import {
  effectiveContentEncoding,
  effectiveContentType,
  type TelemetryDraft,
} from './compose-telemetry.ts';

type Props = { draft: TelemetryDraft; onChange: (patch: Partial<TelemetryDraft>) => void };

const FOLLOWS = 'Follows the body format';
const SET = 'Set by you: kept when the format changes';

export function SystemProperties({ draft, onChange }: Props) {
  const typed = draft.contentTypeSet || draft.contentEncodingSet;
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
        {/* Typing here pins the value; otherwise JSON is application/json and text is
            text/plain, so switching the format never leaves a stale content type behind. */}
        <TextField
          size="small"
          label="Content type"
          value={effectiveContentType(draft)}
          onChange={(e) => onChange({ contentType: e.target.value, contentTypeSet: true })}
          helperText={draft.contentTypeSet ? SET : FOLLOWS}
          sx={{ flex: 1 }}
        />
        <TextField
          size="small"
          label="Content encoding"
          value={effectiveContentEncoding(draft)}
          onChange={(e) => onChange({ contentEncoding: e.target.value, contentEncodingSet: true })}
          helperText={draft.contentEncodingSet ? SET : FOLLOWS}
          sx={{ flex: 1 }}
        />
      </Stack>
      {typed && (
        <Button
          size="small"
          sx={{ alignSelf: 'flex-start' }}
          onClick={() => onChange({ contentTypeSet: false, contentEncodingSet: false })}
        >
          Follow the body format
        </Button>
      )}
    </Stack>
  );
}

// Advanced connection options: SAS lifetime, model id, keep-alive, Will message, endpoint override.
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';

import { KeyValueRows } from '../../components/key-value-rows.tsx';

import { advancedErrors, type AdvancedSettings } from './advanced-errors.ts';

type Props = {
  value: AdvancedSettings;
  onChange: (patch: Partial<AdvancedSettings>) => void;
  resolvedEndpoint: string | undefined;
};

export function AdvancedOptions({ value, onChange, resolvedEndpoint }: Props) {
  const errors = advancedErrors(value);
  return (
    <Stack spacing={1.5} sx={{ pt: 1 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5}>
        <TextField
          size="small"
          label="SAS lifetime (minutes)"
          value={value.sasLifetimeMin}
          onChange={(e) => onChange({ sasLifetimeMin: e.target.value })}
          error={!!errors.sasLifetimeMin}
          helperText={
            errors.sasLifetimeMin ??
            'Renewed 15 % ahead of expiry (at least 30 s, at most half the lifetime); 0.5 = 30 s'
          }
        />
        <TextField
          size="small"
          label="Keep-alive (seconds)"
          value={value.keepAliveSec}
          onChange={(e) => onChange({ keepAliveSec: e.target.value })}
          error={!!errors.keepAliveSec}
          helperText={errors.keepAliveSec}
        />
        <TextField
          size="small"
          label="Model ID"
          placeholder="dtmi:com:example:Thermostat;1"
          value={value.modelId}
          onChange={(e) => onChange({ modelId: e.target.value })}
          helperText="IoT Plug and Play model id, sent as model-id"
          sx={{ flex: 1 }}
        />
      </Stack>
      <TextField
        size="small"
        label="Endpoint override"
        placeholder={resolvedEndpoint}
        value={value.endpointOverride}
        onChange={(e) => onChange({ endpointOverride: e.target.value })}
        error={!!errors.endpointOverride}
        helperText={errors.endpointOverride ?? `Endpoint in use: ${resolvedEndpoint ?? '—'}`}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={value.willEnabled}
            onChange={(e) => onChange({ willEnabled: e.target.checked })}
          />
        }
        label="Will message (sent as telemetry if the connection drops)"
      />
      {value.willEnabled && (
        <Stack spacing={1} sx={{ pl: 4 }}>
          <TextField
            size="small"
            label="Will body"
            value={value.willBody}
            onChange={(e) => onChange({ willBody: e.target.value })}
            multiline
          />
          <KeyValueRows
            label="Will property"
            rows={value.willProperties}
            onChange={(willProperties) => onChange({ willProperties })}
          />
          <Typography variant="caption" color="text.secondary">
            IoT Hub adds iothub-MessageType: Will when it publishes it.
          </Typography>
        </Stack>
      )}
    </Stack>
  );
}

// Cloud side: send a C2D message to the connected device (emulator HTTPS endpoint, spec §8.4).
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

import { KeyValueRows, rowsToRecord } from '../../components/key-value-rows.tsx';
import type { ServiceTarget } from '../../device/hub-service.ts';
import { getHubService } from '../../store/console-session.ts';
import { useDraft, useHubRequest } from '../../store/use-draft.ts';

import { CopyCommand } from './copy-command.tsx';
import { HubResult } from './hub-result.tsx';

export function SendC2dForm({ target }: { target: ServiceTarget | undefined }) {
  const [draft, edit] = useDraft('hubC2d');
  const { body, messageId, expiryMin, properties } = draft;
  const [outcome, run] = useHubRequest('c2d');
  const result = outcome?.result;
  const message = () => {
    const minutes = Number(expiryMin);
    return {
      body,
      messageId: messageId.trim() || undefined,
      expiryTimeUtc:
        expiryMin.trim() && minutes > 0
          ? new Date(Date.now() + minutes * 60_000).toISOString()
          : undefined,
      properties: rowsToRecord(properties),
    };
  };
  const send = async () => {
    const hub = getHubService();
    if (!hub || !target) return;
    await run(() => hub.sendC2d(target, message()));
  };
  return (
    <Stack spacing={1}>
      <TextField
        size="small"
        label="C2D body"
        value={body}
        onChange={(e) => edit({ body: e.target.value })}
        multiline
      />
      <Stack direction="row" spacing={1}>
        <TextField
          size="small"
          label="C2D message ID"
          value={messageId}
          onChange={(e) => edit({ messageId: e.target.value })}
          sx={{ flex: 1 }}
        />
        <TextField
          size="small"
          label="C2D expiry (minutes)"
          value={expiryMin}
          onChange={(e) => edit({ expiryMin: e.target.value })}
          sx={{ flex: 1 }}
        />
      </Stack>
      <KeyValueRows
        label="C2D property"
        rows={properties}
        onChange={(rows) => edit({ properties: rows })}
      />
      <Stack direction="row" spacing={1}>
        <Button variant="contained" disabled={!target} onClick={() => void send()}>
          Send C2D message
        </Button>
        <CopyCommand
          label="Copy C2D command"
          target={target}
          action={{
            kind: 'c2d',
            message: () => ({ ...message(), contentType: 'text/plain; charset=utf-8' }),
          }}
        />
      </Stack>
      {result && <HubResult label="C2D send result" result={result} />}
    </Stack>
  );
}

// Cloud side: send a C2D message to the connected device (emulator HTTPS endpoint, spec §8.4)
// with the fields IoT Hub has (Microsoft Learn, "Understand cloud-to-device messaging from an
// IoT hub", "Cloud-to-device message format"): body in any format (compose-c2d.ts), content type
// and encoding, message, correlation and user IDs, expiry, iothub-ack, application properties.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

import { CompactSelect } from '../../components/compact-select.tsx';
import { ContentTypeFields } from '../../components/content-type-fields.tsx';
import { KeyValueRows } from '../../components/key-value-rows.tsx';
import { LazyProtoSchemaPicker } from '../../components/lazy-payload-view.tsx';
import { useEncodedBody } from '../../components/use-encoded-body.ts';
import { useNow } from '../../components/use-now.ts';
import type { ServiceTarget } from '../../device/hub-service.ts';
import { FORMAT_NAMES, SEND_FORMATS, type SendFormat } from '../../iothub/decoders/send-formats.ts';
import { getHubService } from '../../store/console-session.ts';
import type { C2dAck } from '../../store/draft-types.ts';
import { useDraft, useHubRequest } from '../../store/use-draft.ts';
import { useProtoControls } from '../../store/use-payload-view.ts';

import { c2dCommandMessage, c2dRequest } from './compose-c2d.ts';
import { CopyCommand } from './copy-command.tsx';
import { HubResult } from './hub-result.tsx';

const ACKS: readonly C2dAck[] = ['none', 'positive', 'negative', 'full'];

export function SendC2dForm({ target }: { target: ServiceTarget | undefined }) {
  const [draft, edit] = useDraft('hubC2d');
  const protoControls = useProtoControls();
  const encoded = useEncodedBody(draft.format, draft.body, protoControls.proto);
  const [outcome, run] = useHubRequest('c2d');
  const result = outcome?.result;
  // Checked as typed against a clock ticking while an absolute expiry is shown; the expiry is
  // computed again when Send is clicked.
  const now = useNow(1000, draft.expiryMode === 'absolute' && draft.expiryAt !== '');
  const checked = c2dRequest(draft, encoded, now);
  const send = async () => {
    const hub = getHubService();
    const request = c2dRequest(draft, encoded, Date.now());
    if (!hub || !target || !request.ok) return;
    await run(() => hub.sendC2d(target, request.value));
  };
  const field = (label: string, key: 'messageId' | 'correlationId' | 'userId') => (
    <TextField
      size="small"
      label={label}
      value={draft[key]}
      onChange={(e) => edit({ [key]: e.target.value })}
      sx={{ flex: 1 }}
    />
  );
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <CompactSelect
          label="C2D format"
          value={draft.format}
          onChange={(v) => edit({ format: v as SendFormat })}
        >
          {SEND_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_NAMES[f]}
            </option>
          ))}
        </CompactSelect>
        {draft.format === 'protobuf' && <LazyProtoSchemaPicker {...protoControls} />}
      </Stack>
      <TextField
        size="small"
        label="C2D body"
        value={draft.body}
        onChange={(e) => edit({ body: e.target.value })}
        multiline
      />
      <Stack direction="row" spacing={1}>
        {field('C2D message ID', 'messageId')}
        {field('C2D correlation ID', 'correlationId')}
        {field('C2D user ID', 'userId')}
      </Stack>
      <Stack direction="row" spacing={1}>
        <ContentTypeFields value={draft} onChange={edit} prefix="C2D" />
      </Stack>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <CompactSelect
          label="C2D expiry as"
          value={draft.expiryMode}
          onChange={(v) => edit({ expiryMode: v === 'absolute' ? 'absolute' : 'ttl' })}
        >
          <option value="ttl">Expires after (minutes)</option>
          <option value="absolute">Expires at</option>
        </CompactSelect>
        {draft.expiryMode === 'ttl' ? (
          <TextField
            size="small"
            label="C2D expiry (minutes)"
            value={draft.expiryMin}
            onChange={(e) => edit({ expiryMin: e.target.value })}
            sx={{ flex: 1 }}
          />
        ) : (
          <TextField
            size="small"
            type="datetime-local"
            label="C2D expires at"
            value={draft.expiryAt}
            onChange={(e) => edit({ expiryAt: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
            sx={{ flex: 1 }}
          />
        )}
        <CompactSelect
          label="C2D feedback (iothub-ack)"
          value={draft.ack}
          onChange={(v) => edit({ ack: ACKS.find((a) => a === v) ?? 'none' })}
        >
          {ACKS.map((a) => (
            <option key={a} value={a}>
              {`iothub-ack: ${a}`}
            </option>
          ))}
        </CompactSelect>
      </Stack>
      <KeyValueRows
        label="C2D property"
        rows={draft.properties}
        onChange={(rows) => edit({ properties: rows })}
      />
      {!checked.ok && encoded.state !== 'pending' && (
        <Alert severity="error">{checked.error}</Alert>
      )}
      <Stack direction="row" spacing={1}>
        <Button variant="contained" disabled={!target || !checked.ok} onClick={() => void send()}>
          Send C2D message
        </Button>
        <CopyCommand
          label="Copy C2D command"
          target={target}
          action={{ kind: 'c2d', message: () => c2dCommandMessage(draft, encoded) }}
        />
      </Stack>
      {result && <HubResult label="C2D send result" result={result} />}
    </Stack>
  );
}

// Telemetry composer: body, properties, topic preview, send once or repeatedly.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';

import { KeyValueRows } from '../../components/key-value-rows.tsx';
import { LazyJsonEditor } from '../../components/lazy-json-editor.tsx';
import { LazyProtoSchemaPicker } from '../../components/lazy-payload-view.tsx';
import { useEncodedBody } from '../../components/use-encoded-body.ts';
import { MAX_REPEAT_COUNT } from '../../device/repeat-runner.ts';
import { FORMAT_NAMES, SEND_FORMATS, TYPED_AS_JSON } from '../../iothub/decoders/send-formats.ts';
import { telemetryTopic } from '../../iothub/topics.ts';
import { useConsoleStore } from '../../store/store.ts';
import { useDraft } from '../../store/use-draft.ts';
import { useProtoControls } from '../../store/use-payload-view.ts';

import { draftProblem, draftProperties, type BodyFormat } from './compose-telemetry.ts';
import { SystemProperties } from './system-properties.tsx';

const AUTO_ID = '{auto}';

export function TelemetryComposer({ dark }: { dark: boolean }) {
  const identity = useConsoleStore((s) => s.connection.identity);
  const state = useConsoleStore((s) => s.connection.status.state);
  const [draft, edit] = useDraft('telemetry');
  const protoControls = useProtoControls();
  const encoded = useEncodedBody(draft.format, draft.body, protoControls.proto);
  const problem = draftProblem(draft, identity, encoded);
  const canSend =
    !problem && encoded.state === 'ok' && (state === 'connected' || state === 'reconnecting');
  const body = encoded.state === 'ok' ? encoded.body : draft.body;

  // Only whether a repeat runs: its progress changes every frame and renders in RepeatProgress.
  const repeating = useConsoleStore((s) => s.repeat?.running === true);
  const sendOne = () => {
    const mid = draft.autoMessageId ? undefined : draft.messageId.trim() || undefined;
    useConsoleStore
      .getState()
      .sendTelemetry(body, draftProperties(draft, mid), draft.autoMessageId);
  };
  const startRepeat = (intervalMs: number, count: number) => {
    const mid = draft.autoMessageId ? undefined : draft.messageId.trim() || undefined;
    useConsoleStore.getState().startRepeat({
      body,
      properties: draftProperties(draft, mid),
      autoMessageId: draft.autoMessageId,
      intervalMs,
      count,
    });
  };

  // The auto message id is a placeholder: show it as {auto}, not URL-encoded like a real value.
  const topic = telemetryTopic(
    identity ?? { deviceId: '{deviceId}' },
    draftProperties(draft, draft.autoMessageId ? AUTO_ID : draft.messageId || undefined),
  ).replace(`=${encodeURIComponent(AUTO_ID)}`, `=${AUTO_ID}`);
  const interval = Number(draft.repeatEveryMs);
  const count = Number(draft.repeatUpTo);
  // 0 ms: as fast as IoT Hub acknowledges, a bounded number in flight (repeat-runner.ts).
  const repeatValid =
    draft.repeatEveryMs.trim() !== '' &&
    Number.isInteger(interval) &&
    interval >= 0 &&
    Number.isInteger(count) &&
    count >= 1 &&
    count <= MAX_REPEAT_COUNT;

  return (
    <Stack spacing={1.5}>
      <ToggleButtonGroup
        size="small"
        exclusive
        aria-label="Body format"
        value={draft.format}
        onChange={(_, v: BodyFormat | null) => v && edit({ format: v })}
      >
        {SEND_FORMATS.map((f) => (
          <ToggleButton key={f} value={f}>
            {FORMAT_NAMES[f]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {draft.format === 'protobuf' && <LazyProtoSchemaPicker {...protoControls} />}
      <LazyJsonEditor
        label="Telemetry body"
        value={draft.body}
        language={TYPED_AS_JSON.has(draft.format) ? 'json' : 'plaintext'}
        onChange={(body) => edit({ body })}
        dark={dark}
        height={140}
      />
      <KeyValueRows
        label="Application property"
        rows={draft.properties}
        onChange={(properties) => edit({ properties })}
      />
      <SystemProperties draft={draft} onChange={edit} />
      <Typography
        variant="body2"
        aria-label="Topic preview"
        sx={{ fontFamily: 'monospace', wordBreak: 'break-all', color: 'text.secondary' }}
      >
        {topic}
      </Typography>
      {problem && <Alert severity="error">{problem}</Alert>}
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Button variant="contained" disabled={!canSend} onClick={sendOne}>
          Send telemetry
        </Button>
        <TextField
          size="small"
          label="Repeat every (ms)"
          value={draft.repeatEveryMs}
          onChange={(e) => edit({ repeatEveryMs: e.target.value })}
          sx={{ width: 150 }}
        />
        <TextField
          size="small"
          label="Up to (messages)"
          value={draft.repeatUpTo}
          onChange={(e) => edit({ repeatUpTo: e.target.value })}
          sx={{ width: 150 }}
        />
        {repeating ? (
          <Button
            variant="outlined"
            color="warning"
            onClick={() => useConsoleStore.getState().stopRepeat()}
          >
            Stop
          </Button>
        ) : (
          <Button
            variant="outlined"
            disabled={!canSend || !repeatValid}
            onClick={() => startRepeat(interval, count)}
          >
            Repeat
          </Button>
        )}
        <RepeatProgress />
      </Stack>
    </Stack>
  );
}

function RepeatProgress() {
  const repeat = useConsoleStore((s) => s.repeat);
  if (!repeat) return null;
  return (
    <Typography variant="body2" aria-label="Repeat progress">
      Sent {repeat.sent} of {repeat.max} · {repeat.acknowledged} acknowledged
      {repeat.failed > 0 ? ` · ${repeat.failed} failed` : ''}
      {repeat.running ? '' : repeat.stopped ? ` · stopped: ${repeat.stopped}` : ' · done'}
    </Typography>
  );
}

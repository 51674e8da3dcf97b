// Telemetry composer: body, properties, topic preview, send once or repeatedly.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';

import { KeyValueRows, rowsToRecord, type KeyValue } from '../../components/key-value-rows.tsx';
import { LazyJsonEditor } from '../../components/lazy-json-editor.tsx';
import { MAX_REPEAT_COUNT } from '../../device/repeat-runner.ts';
import { telemetryTopic } from '../../iothub/topics.ts';
import { useConsoleStore } from '../../store/store.ts';

import {
  draftProblem,
  draftProperties,
  type BodyFormat,
  type TelemetryDraft,
} from './compose-telemetry.ts';
import { SystemProperties } from './system-properties.tsx';

const AUTO_ID = '{auto}';

const INITIAL: Omit<TelemetryDraft, 'application'> = {
  body: '{\n  "temperature": 21.5\n}',
  format: 'json',
  autoMessageId: true,
  messageId: '',
  correlationId: '',
  contentType: 'application/json',
  contentEncoding: 'utf-8',
};

export function TelemetryComposer({ dark }: { dark: boolean }) {
  const identity = useConsoleStore((s) => s.connection.identity);
  const state = useConsoleStore((s) => s.connection.status.state);
  const [fields, setFields] = useState(INITIAL);
  const [rows, setRows] = useState<KeyValue[]>([]);
  const [every, setEvery] = useState('1000');
  const [upTo, setUpTo] = useState('10');
  const draft: TelemetryDraft = { ...fields, application: rowsToRecord(rows) };
  const problem = draftProblem(draft, identity);
  const canSend = !problem && (state === 'connected' || state === 'reconnecting');

  const repeat = useConsoleStore((s) => s.repeat);
  const sendOne = () => {
    const mid = fields.autoMessageId ? undefined : fields.messageId.trim() || undefined;
    useConsoleStore
      .getState()
      .sendTelemetry(draft.body, draftProperties(draft, mid), fields.autoMessageId);
  };
  const startRepeat = (intervalMs: number, count: number) => {
    const mid = fields.autoMessageId ? undefined : fields.messageId.trim() || undefined;
    useConsoleStore.getState().startRepeat({
      body: draft.body,
      properties: draftProperties(draft, mid),
      autoMessageId: fields.autoMessageId,
      intervalMs,
      count,
    });
  };

  const setFormat = (format: BodyFormat) =>
    setFields((f) => ({
      ...f,
      format,
      contentType:
        format === 'json' && f.contentType === ''
          ? 'application/json'
          : format === 'text' && f.contentType === 'application/json'
            ? 'text/plain'
            : f.contentType,
    }));
  // The auto message id is a placeholder: show it as {auto}, not URL-encoded like a real value.
  const topic = telemetryTopic(
    identity ?? { deviceId: '{deviceId}' },
    draftProperties(draft, fields.autoMessageId ? AUTO_ID : fields.messageId || undefined),
  ).replace(`=${encodeURIComponent(AUTO_ID)}`, `=${AUTO_ID}`);
  const interval = Number(every);
  const count = Number(upTo);
  // 0 ms: as fast as IoT Hub acknowledges, a bounded number in flight (repeat-runner.ts).
  const repeatValid =
    every.trim() !== '' &&
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
        value={fields.format}
        onChange={(_, v: BodyFormat | null) => v && setFormat(v)}
      >
        <ToggleButton value="json">JSON</ToggleButton>
        <ToggleButton value="text">Text</ToggleButton>
      </ToggleButtonGroup>
      <LazyJsonEditor
        label="Telemetry body"
        value={fields.body}
        language={fields.format === 'json' ? 'json' : 'plaintext'}
        onChange={(body) => setFields((f) => ({ ...f, body }))}
        dark={dark}
        height={140}
      />
      <KeyValueRows label="Application property" rows={rows} onChange={setRows} />
      <SystemProperties draft={draft} onChange={(p) => setFields((f) => ({ ...f, ...p }))} />
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
          value={every}
          onChange={(e) => setEvery(e.target.value)}
          sx={{ width: 150 }}
        />
        <TextField
          size="small"
          label="Up to (messages)"
          value={upTo}
          onChange={(e) => setUpTo(e.target.value)}
          sx={{ width: 150 }}
        />
        {repeat?.running ? (
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
        {repeat && (
          <Typography variant="body2" aria-label="Repeat progress">
            Sent {repeat.sent} of {repeat.max} · {repeat.acknowledged} acknowledged
            {repeat.failed > 0 ? ` · ${repeat.failed} failed` : ''}
            {repeat.running ? '' : repeat.stopped ? ` · stopped: ${repeat.stopped}` : ' · done'}
          </Typography>
        )}
      </Stack>
    </Stack>
  );
}

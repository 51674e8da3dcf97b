// Which hub the hub panel acts on (the emulator serving this page, or a real IoT hub through the
// local service gateway, docs/gateway.md), and the form that hands a pasted service connection
// string to the gateway. The strings stay in this component's memory until sent; the gateway
// keeps the key, the page only a session handle (store/console-session.ts).
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';

import { actOnEmulatorHub, actOnGatewayHub } from '../../store/console-session.ts';
import { useConsoleStore } from '../../store/store.ts';

export function HubTarget() {
  const target = useConsoleStore((s) => s.hub.target);
  const hostName = useConsoleStore((s) => s.hub.hostName);
  const emulator = useConsoleStore((s) => s.hub.availability === 'emulator');
  const gateway = useConsoleStore((s) => s.hub.gatewayAvailable);
  const note = useConsoleStore((s) => s.hub.telemetryNote);
  const consumerGroupInUse = useConsoleStore((s) => s.hub.consumerGroup);
  const [open, setOpen] = useState(false);
  const [connectionString, setConnectionString] = useState('');
  const [eventHub, setEventHub] = useState('');
  const [consumerGroup, setConsumerGroup] = useState('$Default');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onGateway = target === 'gateway';
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await actOnGatewayHub({
        connectionString,
        eventHubConnectionString: eventHub.trim() || undefined,
        consumerGroup: consumerGroup.trim() || '$Default',
      });
      setConnectionString('');
      setEventHub('');
      setOpen(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const describe = onGateway
    ? `IoT hub ${hostName ?? ''} through the service gateway (telemetry from its built-in endpoint, consumer group ${consumerGroupInUse})`
    : emulator
      ? `The emulator serving this page (${hostName ?? ''})`
      : 'No hub yet: paste a service connection string';
  return (
    <Stack spacing={1}>
      <Typography variant="body2" color="text.secondary" aria-label="Hub acted on">
        Acting on: <strong>{describe}</strong>. IoT Hub keeps one connection per device: connecting
        this page as a device that is connected elsewhere disconnects the other one.
      </Typography>
      {note && onGateway && <Alert severity="warning">{note}</Alert>}
      <Stack direction="row" spacing={1}>
        {gateway && !open && (
          <Button size="small" onClick={() => setOpen(true)}>
            {onGateway ? 'Use another IoT hub' : 'Use a real IoT hub'}
          </Button>
        )}
        {onGateway && (
          <Button size="small" onClick={() => void actOnEmulatorHub()}>
            {emulator ? 'Back to the emulator' : 'Forget the service key'}
          </Button>
        )}
      </Stack>
      {gateway && open && (
        <Stack
          spacing={1}
          component="form"
          aria-label="Real IoT hub"
          onSubmit={(e) => e.preventDefault()}
        >
          <SecretField
            label="Service connection string"
            help="HostName=…;SharedAccessKeyName=…;SharedAccessKey=… (iothubowner, or service plus registryRead). Kept only in the gateway's memory."
            value={connectionString}
            onChange={setConnectionString}
          />
          <SecretField
            label="Event Hubs-compatible connection string (optional)"
            help="Found by IoT Hub's redirect when empty (Azure portal: Built-in endpoints)."
            value={eventHub}
            onChange={setEventHub}
          />
          <TextField
            size="small"
            label="Consumer group"
            helperText="Another reader on the same consumer group competes for the events: use a group of your own."
            value={consumerGroup}
            onChange={(e) => setConsumerGroup(e.target.value)}
          />
          {error && (
            <Alert severity="error" aria-label="Gateway error">
              {error}
            </Alert>
          )}
          <Stack direction="row" spacing={1}>
            <Button
              variant="contained"
              size="small"
              disabled={busy || !connectionString.trim()}
              onClick={() => void submit()}
            >
              Act on this hub
            </Button>
            <Button size="small" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </Stack>
        </Stack>
      )}
    </Stack>
  );
}

/** A key-bearing string: masked, never autofilled or remembered by the browser. */
function SecretField(p: {
  label: string;
  help: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      size="small"
      type="password"
      autoComplete="off"
      label={p.label}
      helperText={p.help}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
    />
  );
}

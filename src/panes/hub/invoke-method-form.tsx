// Cloud side: invoke a direct method on the connected device or module (spec §5); the result
// inline.
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';

import type { ServiceTarget } from '../../device/hub-service.ts';
import { hubErrorCode } from '../../iothub/hub-errors.ts';
import { getHubService } from '../../store/console-session.ts';
import { useConsoleStore } from '../../store/store.ts';
import { useDraft, useHubRequest } from '../../store/use-draft.ts';

import { CopyCommand } from './copy-command.tsx';
import { HubResult } from './hub-result.tsx';

export function InvokeMethodForm({ target }: { target: ServiceTarget | undefined }) {
  const [draft, edit] = useDraft('hubMethod');
  const { name, payload, responseTimeoutSec, connectTimeoutSec } = draft;
  const [outcome, run] = useHubRequest('method');
  const busy = outcome?.busy ?? false;
  const result = outcome?.result;
  let payloadError: string | undefined;
  let parsed: unknown = null;
  try {
    parsed = payload.trim() ? JSON.parse(payload) : null;
  } catch (e) {
    payloadError = `Invalid JSON: ${(e as Error).message}`;
  }
  const invoke = async () => {
    const hub = getHubService();
    if (!hub || !target) return;
    const since = Date.now();
    await run(async () => {
      const r = await hub.invokeMethod(target, {
        methodName: name,
        payload: parsed,
        responseTimeout: Number(responseTimeoutSec),
        connectTimeout: Number(connectTimeoutSec),
      });
      // IoT Hub gave up on the device (spec §5): an answer the device sends now comes too late.
      if (hubErrorCode(r.body) === 504101)
        useConsoleStore.getState().markCallerTimedOut(name, since, Date.now());
      return r;
    });
  };
  return (
    <Stack spacing={1}>
      <TextField
        size="small"
        label="Method name"
        value={name}
        onChange={(e) => edit({ name: e.target.value })}
      />
      <TextField
        size="small"
        label="Method payload"
        value={payload}
        onChange={(e) => edit({ payload: e.target.value })}
        error={!!payloadError}
        helperText={payloadError}
        multiline
      />
      <Stack direction="row" spacing={1}>
        <TextField
          size="small"
          label="Response timeout (s)"
          value={responseTimeoutSec}
          onChange={(e) => edit({ responseTimeoutSec: e.target.value })}
          helperText="5 to 300"
          sx={{ flex: 1 }}
        />
        <TextField
          size="small"
          label="Connect timeout (s)"
          value={connectTimeoutSec}
          onChange={(e) => edit({ connectTimeoutSec: e.target.value })}
          helperText="0 to 300"
          sx={{ flex: 1 }}
        />
      </Stack>
      <Stack direction="row" spacing={1}>
        <Button
          variant="contained"
          disabled={!target || !name || !!payloadError || busy}
          onClick={() => void invoke()}
        >
          Invoke method
        </Button>
        {name && !payloadError && (
          <CopyCommand
            label="Copy method command"
            target={target}
            action={{
              kind: 'method',
              call: () => ({
                methodName: name,
                payload: parsed,
                responseTimeout: Number(responseTimeoutSec),
                connectTimeout: Number(connectTimeoutSec),
              }),
            }}
          />
        )}
      </Stack>
      {busy && (
        <Typography variant="body2">
          Waiting for the {target?.moduleId === undefined ? 'device' : 'module'}…
        </Typography>
      )}
      {result && <HubResult label="Method result" result={result} />}
    </Stack>
  );
}

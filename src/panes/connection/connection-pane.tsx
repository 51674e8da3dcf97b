// The connection bar: connection string, Connect/Disconnect, state, SAS countdown, options.
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Collapse from '@mui/material/Collapse';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useRef, useState } from 'react';

import { parseConnectionString } from '../../iothub/connection-string.ts';
import { useConsoleStore } from '../../store/store.ts';
import { useConnectionDraft } from '../../store/use-draft.ts';

import { AdvancedOptions, advancedErrors } from './advanced-options.tsx';
import { buildConnectOptions } from './build-connect-options.ts';
import { ConnectionStringField } from './connection-string-field.tsx';
import { EmulatorDevicePicker } from './emulator-device-picker.tsx';
import { ProvisionDialog } from './provision-dialog.tsx';
import { RealHubDialog } from './real-hub-dialog.tsx';
import { loadRemembered, saveRemembered } from './remembered.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { SasCountdown } from './sas-countdown.tsx';
import { StatusLine } from './status-line.tsx';

export function ConnectionPane() {
  const status = useConsoleStore((s) => s.connection.status);
  const sas = useConsoleStore((s) => s.connection.sas);
  const queue = useConsoleStore((s) => s.connection.queue);
  const hub = useConsoleStore((s) => s.hub);
  // The connection string is a secret: it stays in this component's memory, never in the store's
  // drafts (which sessionStorage keeps); the pane is always mounted, whatever the layout.
  const [text, setText] = useState(() => loadRemembered() ?? '');
  const [remember, setRemember] = useState(() => loadRemembered() !== undefined);
  const [advanced, editAdvanced] = useConnectionDraft();
  const showAdvanced = advanced.showAdvanced;
  const [confirming, setConfirming] = useState(false);
  const warned = useRef(new Set<string>());

  const parsed = useMemo(
    () => (text.trim() ? parseConnectionString(text.trim()) : undefined),
    [text],
  );
  const info = parsed?.ok ? parsed.value : undefined;
  const endpoint = info
    ? resolveEndpoint(info, {
        override: advanced.endpointOverride,
        emulatorHost: hub.availability === 'emulator' ? hub.hostName : undefined,
        pageUrl: globalThis.location?.href,
      })
    : undefined;
  const active = status.state !== 'disconnected' && status.state !== 'error';
  const invalidAdvanced = Object.keys(advancedErrors(advanced)).length > 0;

  const connectNow = (value = text) => {
    const p = parseConnectionString(value.trim());
    if (!p.ok) return;
    const e = resolveEndpoint(p.value, {
      override: advanced.endpointOverride,
      emulatorHost: hub.availability === 'emulator' ? hub.hostName : undefined,
      pageUrl: globalThis.location?.href,
    });
    saveRemembered(remember ? value.trim() : undefined);
    const { hostName, deviceId, moduleId } = p.value;
    useConsoleStore
      .getState()
      .connectDevice(
        { hostName, deviceId, moduleId, url: e.url },
        buildConnectOptions(p.value, e.url, advanced),
      );
  };
  const canConnect = !!info && !invalidAdvanced && hub.availability !== 'unknown';
  const onConnect = () => {
    if (!info || !endpoint || !canConnect) return;
    const key = `${info.hostName}/${info.deviceId}/${info.moduleId ?? ''}`;
    if (endpoint.source !== 'emulator' && !warned.current.has(key)) return setConfirming(true);
    connectNow();
  };

  const hint = info
    ? `${info.moduleId ? `Module ${info.deviceId}/${info.moduleId}` : `Device ${info.deviceId}`} on ${info.hostName}` +
      (info.auth.kind === 'sas'
        ? ` — given SAS token expires ${new Date(info.auth.expiresAt * 1000).toLocaleString()} and cannot be renewed`
        : '')
    : undefined;

  return (
    <Paper component="section" aria-label="Connection" variant="outlined" sx={{ p: 2 }}>
      <Stack spacing={1}>
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={1}
          sx={{ alignItems: { md: 'flex-start' } }}
        >
          <ConnectionStringField
            value={text}
            onChange={(value) => {
              setText(value);
              useConsoleStore.getState().clearConnectionError();
            }}
            error={parsed && !parsed.ok ? parsed.error.message : undefined}
            hint={hint}
            disabled={active}
            onEnter={() => (active ? undefined : onConnect())}
          />
          {active ? (
            <Button
              variant="outlined"
              color="warning"
              onClick={() => useConsoleStore.getState().disconnectDevice()}
            >
              Disconnect
            </Button>
          ) : (
            <Button variant="contained" disabled={!canConnect} onClick={onConnect}>
              Connect
            </Button>
          )}
        </Stack>
        <Stack
          direction="row"
          spacing={2}
          useFlexGap
          sx={{ alignItems: 'center', flexWrap: 'wrap' }}
        >
          <StatusLine status={status} />
          {status.state === 'error' && status.error.kind === 'taken-over' && (
            <Button
              size="small"
              variant="outlined"
              onClick={() => useConsoleStore.getState().takeBack()}
            >
              Take it back
            </Button>
          )}
          {status.state === 'connected' && sas && <SasCountdown sas={sas} />}
          {queue.size > 0 && (
            <Typography variant="body2" color="warning.main">
              Offline queue: {queue.size} of {queue.limit} messages waiting
            </Typography>
          )}
          <FormControlLabel
            control={
              <Checkbox
                checked={remember}
                onChange={(e) => {
                  setRemember(e.target.checked);
                  if (!e.target.checked) saveRemembered(undefined);
                }}
              />
            }
            label="Remember on this browser"
          />
          <Button
            size="small"
            onClick={() => editAdvanced({ showAdvanced: !showAdvanced })}
            aria-expanded={showAdvanced}
          >
            Advanced options
          </Button>
          {hub.availability === 'emulator' && !active && (
            <EmulatorDevicePicker
              onPicked={(cs) => {
                setText(cs);
                connectNow(cs);
              }}
            />
          )}
          {hub.availability === 'emulator' && !active && (
            <ProvisionDialog onProvisioned={setText} />
          )}
        </Stack>
        {remember && (
          <Typography variant="caption" color="text.secondary">
            The connection string, key included, is stored unencrypted in this browser’s
            localStorage for this site when you connect; any script on this page could read it.
            Untick to delete it. Otherwise secrets stay in memory only.
          </Typography>
        )}
        <Collapse in={showAdvanced}>
          <AdvancedOptions
            value={advanced}
            onChange={editAdvanced}
            resolvedEndpoint={endpoint?.url}
          />
        </Collapse>
      </Stack>
      <RealHubDialog
        open={confirming}
        deviceId={info?.deviceId ?? ''}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          if (info) warned.current.add(`${info.hostName}/${info.deviceId}/${info.moduleId ?? ''}`);
          connectNow();
        }}
      />
    </Paper>
  );
}

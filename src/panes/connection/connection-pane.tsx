// The connection bar: connection string, Connect/Disconnect, state, SAS countdown, options.
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Suspense, useMemo, useRef, useState } from 'react';

import { lazyChunk } from '../../components/lazy-chunk.ts';
import { parseConnectionString } from '../../iothub/connection-string.ts';
import { useConsoleStore } from '../../store/store.ts';
import { useConnectionDraft } from '../../store/use-draft.ts';

import { advancedErrors } from './advanced-errors.ts';
import { buildConnectOptions } from './build-connect-options.ts';
import { ConnectionStringField } from './connection-string-field.tsx';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { SasCountdown } from './sas-countdown.tsx';
import type { SavedOptions } from './saved/saved-model.ts';
import { StatusLine } from './status-line.tsx';

// Loaded after the first screen (docs/benchmarks.md, initial JavaScript): saved connections are
// read from IndexedDB, the emulator's picker and provisioning show only once the emulator
// answered, the advanced options and the real-hub warning only when asked for.
const SavedConnections = lazyChunk(() =>
  import('./saved/saved-connections.tsx').then((m) => m.SavedConnections),
);
const EmulatorDevicePicker = lazyChunk(() =>
  import('./emulator-device-picker.tsx').then((m) => m.EmulatorDevicePicker),
);
const AdvancedOptions = lazyChunk(() =>
  import('./advanced-options.tsx').then((m) => m.AdvancedOptions),
);
const RealHubDialog = lazyChunk(() => import('./real-hub-dialog.tsx').then((m) => m.RealHubDialog));
const ProvisionDialog = lazyChunk(() =>
  import('./provision-dialog.tsx').then((m) => m.ProvisionDialog),
);

export function ConnectionPane() {
  const status = useConsoleStore((s) => s.connection.status);
  const sas = useConsoleStore((s) => s.connection.sas);
  const queue = useConsoleStore((s) => s.connection.queue);
  const hub = useConsoleStore((s) => s.hub);
  // The connection string is a secret: it stays in this component's memory, never in the store's
  // drafts (which sessionStorage keeps); the pane is always mounted, whatever the layout. Saved
  // connections keep it without its key, or with the key encrypted (saved/).
  const [text, setText] = useState('');
  const [advanced, editAdvanced] = useConnectionDraft();
  const showAdvanced = advanced.showAdvanced;
  // What a saved connection keeps of the options: all but whether the panel is open.
  const { showAdvanced: _shown, ...savedOptions } = advanced;
  const [confirming, setConfirming] = useState(false);
  const warned = useRef(new Set<string>());
  /** What the real-hub warning confirms: the string and options of the connect it held back. */
  const held = useRef<{ value: string; options: SavedOptions } | undefined>(undefined);

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

  const connectNow = (value = text, options: SavedOptions = advanced) => {
    const p = parseConnectionString(value.trim());
    if (!p.ok) return;
    const e = resolveEndpoint(p.value, {
      override: options.endpointOverride,
      emulatorHost: hub.availability === 'emulator' ? hub.hostName : undefined,
      pageUrl: globalThis.location?.href,
    });
    const { hostName, deviceId, moduleId } = p.value;
    useConsoleStore
      .getState()
      .connectDevice(
        { hostName, deviceId, moduleId, url: e.url },
        buildConnectOptions(p.value, e.url, options),
      );
  };
  const canConnect = !!info && !invalidAdvanced && hub.availability !== 'unknown';
  /** Connects, after the real-hub warning the first time for an identity outside the emulator. */
  const requestConnect = (value: string, options: SavedOptions) => {
    const p = parseConnectionString(value.trim());
    if (!p.ok || hub.availability === 'unknown') return;
    const e = resolveEndpoint(p.value, {
      override: options.endpointOverride,
      emulatorHost: hub.availability === 'emulator' ? hub.hostName : undefined,
      pageUrl: globalThis.location?.href,
    });
    const key = `${p.value.hostName}/${p.value.deviceId}/${p.value.moduleId ?? ''}`;
    if (e.source !== 'emulator' && !warned.current.has(key)) {
      held.current = { value, options };
      return setConfirming(true);
    }
    connectNow(value, options);
  };
  const onConnect = () => {
    if (!info || !endpoint || !canConnect) return;
    requestConnect(text, advanced);
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
          <Button
            size="small"
            onClick={() => editAdvanced({ showAdvanced: !showAdvanced })}
            aria-expanded={showAdvanced}
          >
            Advanced options
          </Button>
          {hub.availability === 'emulator' && !active && (
            <Suspense fallback={null}>
              <EmulatorDevicePicker
                onPicked={(cs) => {
                  setText(cs);
                  connectNow(cs);
                }}
              />
            </Suspense>
          )}
          {hub.availability === 'emulator' && !active && (
            <Suspense fallback={null}>
              <ProvisionDialog onProvisioned={setText} />
            </Suspense>
          )}
        </Stack>
        <Suspense fallback={null}>
          <SavedConnections
            current={text}
            canSave={!!info}
            options={savedOptions}
            onFill={setText}
            onUse={(value, options) => {
              setText(value);
              editAdvanced(options);
              useConsoleStore.getState().clearConnectionError();
              requestConnect(value, options);
            }}
          />
        </Suspense>
        <Collapse in={showAdvanced} unmountOnExit>
          <Suspense fallback={null}>
            <AdvancedOptions
              value={advanced}
              onChange={editAdvanced}
              resolvedEndpoint={endpoint?.url}
            />
          </Suspense>
        </Collapse>
      </Stack>
      {confirming && (
        <Suspense fallback={null}>
          <RealHubDialog
            open={confirming}
            deviceId={info?.deviceId ?? ''}
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              const pending = held.current ?? { value: text, options: advanced };
              held.current = undefined;
              const p = parseConnectionString(pending.value.trim());
              if (p.ok)
                warned.current.add(
                  `${p.value.hostName}/${p.value.deviceId}/${p.value.moduleId ?? ''}`,
                );
              connectNow(pending.value, pending.options);
            }}
          />
        </Suspense>
      )}
    </Paper>
  );
}

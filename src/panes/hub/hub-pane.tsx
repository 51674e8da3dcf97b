// The cloud side of every loop: the emulator serving this page, or a real IoT hub through the
// service gateway (hub-target.tsx, docs/gateway.md).
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Suspense, useMemo, type ReactNode } from 'react';

import { lazyChunk } from '../../components/lazy-chunk.ts';
import { PaneCard } from '../../components/pane-card.tsx';
import { targetLabel, type ServiceTarget } from '../../iothub/service-paths.ts';
import { useConsoleStore } from '../../store/store.ts';

import { HubTarget } from './hub-target.tsx';
import { HubTelemetry } from './hub-telemetry.tsx';
import { InvokeMethodForm } from './invoke-method-form.tsx';
import { UpdateDesiredForm } from './update-desired-form.tsx';

// Its own chunk, with the body encoders it needs: the hub panel is below the first screen and
// the first screen's JS has a budget (DEVELOPERS.md, "Payload views").
const SendC2dForm = lazyChunk(() => import('./send-c2d-form.tsx').then((m) => m.SendC2dForm));

export function HubPane({ dark }: { dark: boolean }) {
  const deviceId = useConsoleStore((s) => s.connection.identity?.deviceId);
  const moduleId = useConsoleStore((s) => s.connection.identity?.moduleId);
  const hostName = useConsoleStore((s) => s.hub.hostName);
  // Like IoT Hub's service API, every action targets the connected identity: the module itself
  // when connected as a module (its own twin, methods and telemetry), never its device.
  const target = useMemo<ServiceTarget | undefined>(
    () =>
      deviceId === undefined
        ? undefined
        : { deviceId, ...(moduleId === undefined ? {} : { moduleId }) },
    [deviceId, moduleId],
  );
  const label = target ? targetLabel(target) : undefined;
  const kind = moduleId === undefined ? 'device' : 'module';
  return (
    <PaneCard
      title="Hub (cloud side)"
      actions={
        label && (
          <Typography
            variant="body2"
            sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
            aria-label={`Acting on ${kind}`}
          >
            {label}
          </Typography>
        )
      }
    >
      <HubTarget />
      <Typography variant="body2" color="text.secondary">
        IoT Hub’s service API on {hostName ?? 'no hub yet'}, acting on{' '}
        {label ? `${kind} ${label}` : 'the connected device or module'}.
      </Typography>
      {/* Sections side by side when the pane is wide (it spans two grid columns), else stacked:
          a container query sizes the inner grid by the outer box's width. */}
      <Box sx={{ containerType: 'inline-size' }}>
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: 'minmax(0, 1fr)',
            '@container (min-width: 880px)': { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' },
          }}
        >
          {moduleId === undefined ? (
            <Section title="C2D to this device">
              <Suspense fallback={null}>
                <SendC2dForm target={target} />
              </Suspense>
            </Section>
          ) : (
            <Section title="C2D">
              <Typography variant="body2" color="text.secondary">
                IoT Hub has no cloud-to-device messages for modules: a module receives messages on
                its inputs, through IoT Edge routes.
              </Typography>
            </Section>
          )}
          <Section title="Direct method call">
            <InvokeMethodForm target={target} />
          </Section>
          <Section title="Desired properties">
            <UpdateDesiredForm target={target} dark={dark} />
          </Section>
          <Section title="Telemetry received by the hub">
            <HubTelemetry target={target} />
            <EventHubsEndpoint />
          </Section>
        </Box>
      </Box>
    </PaneCard>
  );
}

/**
 * Where a backend reads this telemetry: the emulator's built-in Event Hubs-compatible endpoint
 * (Microsoft Learn, "Read device-to-cloud messages from the built-in endpoint"), for
 * `@azure/event-hubs` (docs/emulator.md). Shown only when the emulator serves AMQP.
 */
function EventHubsEndpoint() {
  const connectionString = useConsoleStore((s) =>
    s.hub.target === 'emulator' ? s.hub.eventHubConnectionString : undefined,
  );
  if (!connectionString) return null;
  return (
    <Typography variant="body2" color="text.secondary">
      Backends read it with the Event Hubs SDK from the built-in endpoint:{' '}
      <Box
        component="code"
        aria-label="Event Hubs-compatible endpoint"
        sx={{ fontFamily: 'monospace', wordBreak: 'break-all', color: 'text.primary' }}
      >
        {connectionString}
      </Box>
    </Typography>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack spacing={1} sx={{ minWidth: 0, borderTop: 1, borderColor: 'divider', pt: 1.5 }}>
      <Typography variant="subtitle2">{title}</Typography>
      {children}
    </Stack>
  );
}

// The cloud side of every loop, shown only when the emulator serves this page.
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

import { PaneCard } from '../../components/pane-card.tsx';
import { useConsoleStore } from '../../store/store.ts';

import { HubTelemetry } from './hub-telemetry.tsx';
import { InvokeMethodForm } from './invoke-method-form.tsx';
import { SendC2dForm } from './send-c2d-form.tsx';
import { UpdateDesiredForm } from './update-desired-form.tsx';

export function HubPane({ dark }: { dark: boolean }) {
  const deviceId = useConsoleStore((s) =>
    s.connection.identity?.moduleId ? undefined : s.connection.identity?.deviceId,
  );
  const hostName = useConsoleStore((s) => s.hub.hostName);
  return (
    <PaneCard title="Hub (cloud side)">
      <Typography variant="body2" color="text.secondary">
        The emulator’s service API ({hostName}), acting on {deviceId ?? 'the connected device'}. A
        real IoT hub does not allow these calls from a browser (no CORS).
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
          <Section title="C2D to this device">
            <SendC2dForm deviceId={deviceId} />
          </Section>
          <Section title="Direct method call">
            <InvokeMethodForm deviceId={deviceId} />
          </Section>
          <Section title="Desired properties">
            <UpdateDesiredForm deviceId={deviceId} dark={dark} />
          </Section>
          <Section title="Telemetry received by the hub">
            <HubTelemetry deviceId={deviceId} />
          </Section>
        </Box>
      </Box>
    </PaneCard>
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

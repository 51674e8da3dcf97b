// The cloud side of every loop, shown only when the emulator serves this page.
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';

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
      <Typography variant="subtitle2">C2D to this device</Typography>
      <SendC2dForm deviceId={deviceId} />
      <Divider />
      <Typography variant="subtitle2">Direct method call</Typography>
      <InvokeMethodForm deviceId={deviceId} />
      <Divider />
      <Typography variant="subtitle2">Desired properties</Typography>
      <UpdateDesiredForm deviceId={deviceId} dark={dark} />
      <Divider />
      <Typography variant="subtitle2">Telemetry received by the hub</Typography>
      <HubTelemetry deviceId={deviceId} />
    </PaneCard>
  );
}

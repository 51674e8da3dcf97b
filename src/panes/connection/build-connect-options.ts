// From the form to DeviceSession options. Pure.
import { rowsToRecord } from '../../components/key-value-rows.tsx';
import type { ConnectOptions } from '../../device/session-types.ts';
import type { DeviceConnectionInfo } from '../../iothub/connection-string.ts';

import type { AdvancedSettings } from './advanced-errors.ts';

export function buildConnectOptions(
  info: DeviceConnectionInfo,
  url: string,
  a: AdvancedSettings,
): ConnectOptions {
  return {
    info,
    url,
    sasLifetimeSec: Math.round(Number(a.sasLifetimeMin) * 60),
    keepAliveSec: Number(a.keepAliveSec),
    modelId: a.modelId.trim() || undefined,
    will: a.willEnabled
      ? {
          body: a.willBody,
          properties: { system: {}, application: rowsToRecord(a.willProperties) },
        }
      : undefined,
  };
}

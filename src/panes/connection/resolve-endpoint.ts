// Which WebSocket endpoint a connection string leads to (spec §1.1, §11.1).
import type { DeviceConnectionInfo } from '../../iothub/connection-string.ts';
import { websocketUrl } from '../../iothub/mqtt-connect.ts';

export type Endpoint = { url: string; source: 'override' | 'emulator' | 'hub' };

export function resolveEndpoint(
  info: Pick<DeviceConnectionInfo, 'hostName' | 'gatewayHostName'>,
  o: { override?: string; emulatorHost?: string; pageUrl?: string },
): Endpoint {
  const override = o.override?.trim();
  if (override) return { url: override, source: 'override' };
  const host = info.gatewayHostName ?? info.hostName;
  // Served by the emulator and the string names it: use its socket on this page's origin.
  if (o.emulatorHost && o.pageUrl && sameHost(host, o.emulatorHost)) {
    const page = new URL(o.pageUrl);
    const scheme = page.protocol === 'https:' ? 'wss' : 'ws';
    return { url: `${scheme}://${page.host}/$iothub/websocket`, source: 'emulator' };
  }
  return { url: websocketUrl(host), source: 'hub' };
}

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

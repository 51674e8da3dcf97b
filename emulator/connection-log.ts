// The connection log (issue 3, like IoT Hub's connection monitoring): every connect, refusal and
// disconnect with its reason, stored and published on the bus for the SSE stream.

import type { AuthFailure } from './auth.ts';
import type { HubContext } from './context.ts';
import type { LinkTransport } from './link/device-link.ts';
import type { Session } from './sessions.ts';
import type { ConnectionReason } from './store/connections-store.ts';

export function createConnectionLog(ctx: HubContext) {
  const append = (entry: Parameters<typeof ctx.store.connections.append>[0]) => {
    if (ctx.store.closed) return;
    ctx.bus.emit('connection', ctx.store.connections.append(entry, Date.now()));
  };
  return {
    /** A connection refused at authentication (MQTT: CONNACK 5). */
    refused(
      from: { clientId: string; transport: LinkTransport | null; remoteAddress: string | null },
      failure: AuthFailure,
    ): void {
      append({
        deviceId: failure.deviceId ?? null,
        moduleId: failure.moduleId ?? null,
        clientId: from.clientId,
        event: 'refused',
        reason: failure.reason,
        detail: failure.detail,
        remoteAddress: from.remoteAddress,
        transport: from.transport,
      });
    },
    session(
      session: Session,
      event: 'connect' | 'disconnect',
      reason: ConnectionReason,
      detail: string | null,
    ): void {
      append({
        deviceId: session.deviceId,
        moduleId: session.moduleId ?? null,
        clientId: session.clientId,
        event,
        reason,
        detail,
        remoteAddress: session.remoteAddress,
        transport: session.transport,
      });
    },
  };
}

// The connection log (issue 3, like IoT Hub's connection monitoring): every connect, refusal and
// disconnect with its reason, stored and published on the bus for the SSE stream.

import type { Client } from 'aedes';

import type { AuthFailure } from './auth.ts';
import type { HubContext } from './context.ts';
import type { Session, Sessions } from './sessions.ts';
import type { ConnectionReason } from './store/connections-store.ts';

export function createConnectionLog(ctx: HubContext, sessions: Sessions) {
  const append = (entry: Parameters<typeof ctx.store.connections.append>[0]) => {
    if (ctx.store.closed) return;
    ctx.bus.emit('connection', ctx.store.connections.append(entry, Date.now()));
  };
  return {
    /** A CONNECT answered with CONNACK 5. */
    refused(client: Client, failure: AuthFailure): void {
      const link = sessions.linkOf(client);
      append({
        deviceId: failure.deviceId ?? null,
        moduleId: failure.moduleId ?? null,
        clientId: client.id,
        event: 'refused',
        reason: failure.reason,
        detail: failure.detail,
        remoteAddress: link?.remoteAddress ?? null,
        transport: link?.transport ?? null,
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

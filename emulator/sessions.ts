// Connected identities: one session per identity (IoT Hub allows one connection per device or
// module, spec §1.10), each over a transport-neutral DeviceLink (link/device-link.ts), with how
// it authenticated, why it will close, and its token-expiry timer (spec §1.5).

import { EventEmitter } from 'node:events';

import type { DeviceAuth } from './auth.ts';
import { identityKey, type HubContext } from './context.ts';
import type { DeviceLink, LinkChannel, LinkTransport, Settlement } from './link/device-link.ts';
import type { ConnectionReason } from './store/connections-store.ts';

/** Kept for the existing imports; a link's transport. */
export type Transport = LinkTransport;

export type Session = {
  link: DeviceLink;
  /** `deviceId` or `deviceId/moduleId` (spec §1.2). */
  clientId: string;
  deviceId: string;
  moduleId?: string;
  auth: DeviceAuth;
  transport: LinkTransport;
  remoteAddress: string | null;
  connectedAt: number;
  closeReason?: ConnectionReason;
  closeDetail?: string;
  tokenTimer?: NodeJS.Timeout;
};

type SessionEvents = { online: [Session]; offline: [Session]; subscribed: [Session] };

const MAX_TIMER_MS = 2 ** 31 - 1;

export function createSessions(ctx: HubContext) {
  const byId = new Map<string, Session>();
  const live = new Set<Session>();
  const events = new EventEmitter<SessionEvents>();
  events.setMaxListeners(0);

  function armTokenTimer(session: Session): void {
    const remainingMs = session.auth.expiresAt * 1000 - Date.now();
    if (remainingMs <= 0) {
      close(
        session,
        'token-expired',
        `SAS token expired at ${new Date(session.auth.expiresAt * 1000).toISOString()}`,
      );
      return;
    }
    session.tokenTimer = setTimeout(
      () => armTokenTimer(session),
      Math.min(remainingMs, MAX_TIMER_MS),
    );
    session.tokenTimer.unref();
  }

  /** Notes why, then closes the link (MQTT 3.1.1 has no server DISCONNECT, spec §1.10). */
  function close(session: Session, reason: ConnectionReason, detail: string): void {
    session.closeReason ??= reason;
    session.closeDetail ??= detail;
    session.link.close(session.closeReason, session.closeDetail);
  }

  /** Marks the identity's current session as replaced by a new connection (spec §1.10). Returns
   *  it so a transport that does not close it itself can (aedes closes the older MQTT client). */
  function supersede(clientId: string, by?: DeviceLink): Session | undefined {
    const older = byId.get(clientId);
    if (!older || older.link === by) return undefined;
    older.closeReason ??= 'kicked-by-new-connection';
    older.closeDetail ??= 'ConnectionForcefullyClosedOnNewConnection (400027)';
    return older;
  }

  return {
    events,
    supersede,
    /** The link may talk: the identity is online. An older session of it is closed. */
    open(link: DeviceLink, auth: DeviceAuth): Session {
      const { deviceId, moduleId } = auth.identity.record;
      const clientId = identityKey(deviceId, moduleId);
      const older = supersede(clientId, link);
      if (older) close(older, 'kicked-by-new-connection', older.closeDetail ?? '');
      const session: Session = {
        link,
        clientId,
        deviceId,
        ...(moduleId !== undefined ? { moduleId } : {}),
        auth,
        transport: link.transport,
        remoteAddress: link.remoteAddress,
        connectedAt: Date.now(),
      };
      byId.set(clientId, session);
      live.add(session);
      armTokenTimer(session);
      events.emit('online', session);
      return session;
    },
    /** The link ended. Safe to call once per session; later calls do nothing. */
    gone(session: Session): void {
      if (!live.delete(session)) return;
      clearTimeout(session.tokenTimer);
      if (byId.get(session.clientId) === session) byId.delete(session.clientId);
      events.emit('offline', session);
    },
    /** What the device listens for changed (MQTT SUBSCRIBE, AMQP receiver attached). */
    subscribed(session: Session): void {
      if (live.has(session)) events.emit('subscribed', session);
    },
    get: (deviceId: string, moduleId?: string) => byId.get(identityKey(deviceId, moduleId)),
    all: () => [...byId.values()],
    close,
    /** Notes why a connection is about to close, if nobody said so first. */
    setReason(session: Session, reason: ConnectionReason, detail: string): void {
      session.closeReason ??= reason;
      session.closeDetail ??= detail;
    },
    /** How the session's device listens on `channel`, or undefined (spec §3). */
    receives: (session: Session, channel: LinkChannel): Settlement | undefined =>
      session.link.receives(channel),
    log: ctx.log,
  };
}

export type Sessions = ReturnType<typeof createSessions>;

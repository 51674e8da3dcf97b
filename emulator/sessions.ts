// Connected device sessions: one per identity (spec §1.10), with how it authenticated, the reason
// it will close, its token-expiry timer (spec §1.5) and its C2D messages in flight.

import { EventEmitter } from 'node:events';

import type { Client } from 'aedes';

import { parseTopicFilter, type ParsedFilter } from '../src/iothub/topics.ts';

import type { DeviceAuth } from './auth.ts';
import { identityKey, type HubContext } from './context.ts';
import type { ConnectionReason } from './store/connections-store.ts';

export type Transport = 'mqtt' | 'mqtts' | 'ws' | 'wss';

export type Session = {
  client: Client;
  clientId: string;
  deviceId: string;
  moduleId?: string;
  auth: DeviceAuth;
  transport: Transport;
  remoteAddress: string | null;
  connectedAt: number;
  closeReason?: ConnectionReason;
  closeDetail?: string;
  tokenTimer?: NodeJS.Timeout;
  /** MQTT packet id → C2D message awaiting PUBACK and when it was (last) sent (spec §6). */
  c2dInFlight: Map<number, { seq: number; sentAt: number }>;
  nextPacketId: number;
};

type SessionEvents = { online: [Session]; offline: [Session]; subscribed: [Session] };

const MAX_TIMER_MS = 2 ** 31 - 1;

/** aedes keeps a client's live subscriptions on `client.subscriptions` (not in its typings). */
const subscriptionsOf = (client: Client): Record<string, { qos: number }> =>
  (client as unknown as { subscriptions?: Record<string, { qos: number }> }).subscriptions ?? {};

export const subscribedFilters = (client: Client): string[] => Object.keys(subscriptionsOf(client));

export function createSessions(ctx: HubContext) {
  const byId = new Map<string, Session>();
  const byClient = new WeakMap<Client, Session>();
  const pending = new WeakMap<Client, DeviceAuth>();
  const links = new WeakMap<Client, { transport: Transport; remoteAddress: string | null }>();
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

  /** Closes the connection without a packet: MQTT 3.1.1 has no server DISCONNECT (spec §1.10). */
  function close(session: Session, reason: ConnectionReason, detail: string): void {
    session.closeReason ??= reason;
    session.closeDetail ??= detail;
    session.client.close();
  }

  return {
    events,
    /** Records transport and peer of a raw connection; call right after `broker.handle`. */
    link(client: Client, transport: Transport, remoteAddress: string | null | undefined): void {
      links.set(client, { transport, remoteAddress: remoteAddress ?? null });
    },
    linkOf: (client: Client) => links.get(client),
    /** CONNECT accepted: remember how, and mark an older connection as kicked. */
    accepted(client: Client, auth: DeviceAuth): void {
      pending.set(client, auth);
      const older = byId.get(client.id);
      if (older && older.client !== client) {
        older.closeReason ??= 'kicked-by-new-connection';
        older.closeDetail ??= 'ConnectionForcefullyClosedOnNewConnection (400027)';
      }
    },
    /** CONNACK sent: the session is live. */
    ready(client: Client): Session | undefined {
      const auth = pending.get(client);
      if (!auth) return undefined;
      const { deviceId, moduleId } = auth.identity.record;
      const link = links.get(client);
      const session: Session = {
        client,
        clientId: client.id,
        deviceId,
        ...(moduleId !== undefined ? { moduleId } : {}),
        auth,
        transport: link?.transport ?? 'mqtt',
        remoteAddress: link?.remoteAddress ?? null,
        connectedAt: Date.now(),
        c2dInFlight: new Map(),
        nextPacketId: 1,
      };
      byId.set(session.clientId, session);
      byClient.set(client, session);
      armTokenTimer(session);
      events.emit('online', session);
      return session;
    },
    gone(client: Client): Session | undefined {
      const session = byClient.get(client);
      if (!session) return undefined;
      clearTimeout(session.tokenTimer);
      byClient.delete(client);
      if (byId.get(session.clientId) === session) byId.delete(session.clientId);
      events.emit('offline', session);
      return session;
    },
    of: (client: Client | null) => (client ? byClient.get(client) : undefined),
    /** The identity of a live or still-connecting client (restored subscriptions are checked
     *  before the CONNACK, when no session exists yet). */
    identityOf(client: Client): { deviceId: string; moduleId?: string } | undefined {
      const s = byClient.get(client);
      if (s) return s;
      return pending.get(client)?.identity.record;
    },
    get: (deviceId: string, moduleId?: string) => byId.get(identityKey(deviceId, moduleId)),
    all: () => [...byId.values()],
    close,
    /** Notes why a connection is about to close, if nobody said so first. */
    setReason(client: Client, reason: ConnectionReason, detail: string): void {
      const s = byClient.get(client);
      if (s) {
        s.closeReason ??= reason;
        s.closeDetail ??= detail;
      }
    },
    /** Filters the session holds, parsed (spec §3). */
    filters(session: Session): ParsedFilter[] {
      return subscribedFilters(session.client).map((f) => parseTopicFilter(f));
    },
    /** The granted QoS of the session's filter of this kind, or undefined when not subscribed. */
    subscribedTo(session: Session, kind: ParsedFilter['kind']): 0 | 1 | undefined {
      const subs = subscriptionsOf(session.client);
      for (const [filter, sub] of Object.entries(subs)) {
        if (parseTopicFilter(filter).kind === kind) return sub.qos > 0 ? 1 : 0;
      }
      return undefined;
    },
    log: ctx.log,
  };
}

export type Sessions = ReturnType<typeof createSessions>;

// IoT Hub's AMQP 1.0 endpoint (Microsoft Learn, "Communicate with your IoT hub by using the AMQP
// Protocol"), on rhea, the AMQP library the Azure SDKs use. One rhea container takes connections
// from AMQPS, plain AMQP and AMQP over WebSockets; each attached link is routed by its address to
// one handler module. No SASL (Node IoT SDKs), ANONYMOUS (@azure/event-hubs) and PLAIN are taken;
// who the peer is comes from `$cbs` put-token only.

import type { X509Certificate } from 'node:crypto';
import type { Duplex } from 'node:stream';

import rhea, { type Connection, type EventContext, type Receiver, type Sender } from 'rhea';

import { parseSasToken } from '../../src/iothub/sas-token.ts';
import type { HubContext } from '../context.ts';
import type { LinkTransport } from '../link/device-link.ts';
import { nowSeconds } from '../time.ts';

import { parseAddress, type AmqpAddress } from './addresses.ts';
import { cbsRequestHandler } from './cbs.ts';
import { claimFor, isClaim, type Claim } from './claims.ts';
import {
  amqpError,
  liveClaims,
  type ConnectionState,
  echoAttach,
  remoteAttach,
  type LinkHandler,
  type Outcome,
} from './links.ts';

export type LinkRoute = (
  address: AmqpAddress,
  link: Sender | Receiver,
  state: ConnectionState,
) => LinkHandler | { error: { condition: string; description: string } };

const MAX_TIMER_MS = 2 ** 31 - 1;
/** IoT Hub closes idle AMQP connections after 240 s (Azure IoT Edge hub, which serves the same
 *  protocol, uses that value); rhea then sends heartbeats at half the peer's idle timeout. */
const SERVER_OPTIONS = { idle_time_out: 240_000 };

export function createAmqpServer(ctx: HubContext, route: LinkRoute) {
  const container = rhea.create_container({ id: 'iothub-emulator', autoaccept: false });
  // Peers without SASL (Node IoT SDKs) and with ANONYMOUS (@azure/event-hubs) stay welcome; PLAIN
  // (`{policy}@sas.root.{hub}` + a SAS token, as Microsoft's read-d2c-messages sample logs in
  // before its redirect) is taken only with a token the hub verifies, so a wrong key fails SASL.
  const mechanisms = container.sasl_server_mechanisms as {
    enable_anonymous: () => void;
    enable_plain: (check: (user: string, password: string) => Promise<boolean>) => void;
  };
  mechanisms.enable_anonymous();
  mechanisms.enable_plain(async (_user, password) => {
    const parsed = parseSasToken(password);
    if (!parsed.ok) return false;
    return isClaim(await claimFor(ctx, parsed.value.resourceUri, password));
  });
  const states = new Map<Connection, ConnectionState>();
  const peers = new WeakMap<
    Connection,
    { transport: LinkTransport; remoteAddress: string | null; certificates?: X509Certificate[] }
  >();
  const stateOf = (c: Connection): ConnectionState => {
    let s = states.get(c);
    if (!s) {
      s = {
        connection: c,
        claims: [],
        handlers: new Map(),
        replyLinks: new Map(),
        transport: peers.get(c)?.transport ?? 'amqps',
        remoteAddress: peers.get(c)?.remoteAddress ?? null,
        ...(peers.get(c)?.certificates ? { certificates: peers.get(c)?.certificates } : {}),
        devices: new Map(),
        cleanups: [],
      };
      states.set(c, s);
    }
    return s;
  };
  const endState = (state: ConnectionState) => {
    clearTimeout(state.expiryTimer);
    for (const handler of state.handlers.values()) handler.onClose?.();
    state.handlers.clear();
    for (const cleanup of state.cleanups.splice(0)) cleanup();
  };

  /** Detaches links whose claims are gone; re-arms the timer for the next expiry. */
  function recheck(state: ConnectionState): void {
    clearTimeout(state.expiryTimer);
    const now = nowSeconds();
    state.claims = liveClaims(state, now);
    for (const [link, handler] of state.handlers) {
      if (handler.authorized && !handler.authorized() && link.is_open()) {
        link.close(
          amqpError('amqp:unauthorized-access', 'The SAS token for this link expired (IoT Hub)'),
        );
      }
    }
    const next = Math.min(...state.claims.map((c: Claim) => c.expiresAt));
    if (Number.isFinite(next)) {
      state.expiryTimer = setTimeout(
        () => recheck(state),
        Math.min(Math.max(0, next - now) * 1000 + 10, MAX_TIMER_MS),
      );
      state.expiryTimer.unref();
    }
  }

  function attach(e: EventContext, link: Sender | Receiver, address: string | undefined): void {
    const state = stateOf(e.connection);
    // Echo the client's terminus so it sees its own source/target (and filter) accepted.
    echoAttach(link);
    const parsed = parseAddress(address);
    if (parsed.kind === 'cbs' || parsed.kind === 'management') {
      const node = parsed.kind === 'cbs' ? '$cbs' : '$management';
      if (link.is_sender()) {
        const replyTo = remoteAttach(link).target?.address;
        state.replyLinks.set(`${node}|${replyTo ?? ''}`, link as Sender);
        state.handlers.set(link, {
          onClose: () => state.replyLinks.delete(`${node}|${replyTo ?? ''}`),
        });
        return;
      }
      if (parsed.kind === 'cbs') {
        state.cbsRequests = link as Receiver;
        state.handlers.set(link, {
          onMessage: cbsRequestHandler(ctx, state, () => recheck(state)),
        });
        return;
      }
    }
    const handler = route(parsed, link, state);
    if ('error' in handler) {
      ctx.log(`amqp: refused link '${address ?? ''}': ${handler.error.description}`);
      link.close(handler.error);
      return;
    }
    if (handler.authorized && !handler.authorized()) {
      link.close(
        amqpError(
          'amqp:unauthorized-access',
          `No valid token on $cbs covers '${address ?? ''}' (put-token first)`,
        ),
      );
      return;
    }
    state.handlers.set(link, handler);
    if (link.is_sender()) handler.onSendable?.();
  }

  container.on('receiver_open', (e: EventContext) => {
    const link = e.receiver as Receiver;
    attach(e, link, remoteAttach(link).target?.address);
  });
  container.on('sender_open', (e: EventContext) => {
    const link = e.sender as Sender;
    attach(e, link, remoteAttach(link).source?.address);
  });
  container.on('message', (e: EventContext) => {
    if (e.receiver) states.get(e.connection)?.handlers.get(e.receiver)?.onMessage?.(e);
  });
  container.on('sendable', (e: EventContext) => {
    if (e.sender) states.get(e.connection)?.handlers.get(e.sender)?.onSendable?.();
  });
  for (const outcome of ['accepted', 'rejected', 'released', 'modified'] as Outcome[]) {
    container.on(outcome, (e: EventContext) => {
      if (e.sender && e.delivery)
        states.get(e.connection)?.handlers.get(e.sender)?.onOutcome?.(e.delivery, outcome);
    });
  }
  const linkClosed = (e: EventContext) => {
    const link = e.sender ?? e.receiver;
    const state = states.get(e.connection);
    if (!link || !state) return;
    state.handlers.get(link)?.onClose?.();
    state.handlers.delete(link);
  };
  container.on('sender_close', linkClosed);
  container.on('receiver_close', linkClosed);
  // Errors are reported to the peer; unhandled ones must not crash the hub.
  for (const name of ['sender_error', 'receiver_error', 'session_error', 'connection_error'])
    container.on(name, () => {});
  container.on('error', (error: unknown) => ctx.log(`amqp: ${String(error)}`));
  const dropped = (e: EventContext) => {
    const state = states.get(e.connection);
    if (!state) return;
    states.delete(e.connection);
    endState(state);
  };
  container.on('disconnected', dropped);
  container.on('connection_close', (e: EventContext) => {
    dropped(e);
  });

  const sockets = new Set<Duplex>();
  return {
    /** A TCP or TLS socket (or a WebSocket stream) that speaks AMQP. */
    accept(
      socket: Duplex,
      transport: LinkTransport,
      remoteAddress?: string | null,
      certificates?: X509Certificate[],
    ): void {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      const connection = container.create_connection(SERVER_OPTIONS as never);
      peers.set(connection, {
        transport,
        remoteAddress: remoteAddress ?? null,
        ...(certificates ? { certificates } : {}),
      });
      connection.accept(socket as never);
    },
    /** Every live connection's state (for the hub to push to links). */
    connections: () => [...states.values()],
    close(): void {
      for (const state of states.values()) {
        endState(state);
        state.connection.close(amqpError('amqp:connection:forced', 'The hub is shutting down'));
      }
      states.clear();
      // The close frames are written; peers that do not answer are not waited for.
      setImmediate(() => {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
    },
  };
}

export type AmqpServer = ReturnType<typeof createAmqpServer>;

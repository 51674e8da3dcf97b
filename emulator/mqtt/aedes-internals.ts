// The one place that reaches into aedes beyond its typed API (aedes 1.x lib/client.js,
// lib/handlers/*.js, aedes-persistence). Everything else in the emulator goes through these
// helpers, so an aedes upgrade is checked here alone.

import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

import type { Aedes, AedesPublishPacket, Client, PublishPacket } from 'aedes';
import mqttPacket from 'mqtt-packet';

type ClientInternals = {
  /** Live subscriptions, filter → { qos } (lib/client.js). */
  subscriptions?: Record<string, { qos: number }>;
  /** mqtt-packet parser of the connection (lib/client.js). */
  _parser?: EventEmitter;
  /** Set only when the client sent DISCONNECT (lib/handlers/index.js). */
  _disconnected?: boolean;
  /** The CONNECT's Will packet; aedes publishes this very object on an ungraceful close. */
  will?: unknown;
};

const internals = (client: Client): ClientInternals => client as unknown as ClientInternals;

/** A client's live subscriptions, filter → granted QoS. */
export const subscriptionsOf = (client: Client): Record<string, { qos: number }> =>
  internals(client).subscriptions ?? {};

/** True once the client sent DISCONNECT (graceful close). */
export const disconnectedGracefully = (client: Client): boolean =>
  internals(client)._disconnected === true;

/** aedes passes the client's own `will` object when it publishes the Will (lib/client.js close). */
export function isWill(client: Client, packet: PublishPacket): boolean {
  const will = internals(client).will;
  return will !== undefined && will !== null && will === packet;
}

/** Runs `lower` on every SUBSCRIBE as it is parsed, before aedes' handler sees it. */
export function beforeSubscribe(
  client: Client,
  lower: (subscriptions: { qos: number }[]) => void,
): void {
  internals(client)._parser?.prependListener(
    'packet',
    (packet: { cmd: string; subscriptions?: { qos: number }[] }) => {
      if (packet.cmd === 'subscribe') lower(packet.subscriptions ?? []);
    },
  );
}

/** Writes a QoS 1 PUBLISH with our own packet id straight to the socket, bypassing aedes'
 *  outgoing store (C2D completion needs the device's PUBACK for that exact id, spec §6). */
export function writeQos1Publish(
  client: Client,
  packet: { topic: string; payload: Buffer; messageId: number; dup: boolean },
): void {
  mqttPacket.writeToStream({ cmd: 'publish', qos: 1, retain: false, ...packet }, client.conn);
}

/** The slice of aedes-persistence the hub uses (aedes types leave `persistence` untyped). */
type Persistence = {
  addSubscriptions: (client: Client, subs: { topic: string; qos: number }[]) => Promise<void>;
  cleanSubscriptions: (client: Client) => Promise<void>;
  outgoingClearMessageId: (
    client: Client,
    packet: { messageId?: number },
  ) => Promise<AedesPublishPacket | undefined>;
};

const persistenceOf = (broker: Aedes): Persistence =>
  (broker as unknown as { persistence: Persistence }).persistence;

/** Replaces the client's stored subscriptions with `subs` (SQLite is the source of truth). */
export async function replaceSubscriptions(
  broker: Aedes,
  client: Client,
  subs: { topic: string; qos: number }[],
): Promise<void> {
  const persistence = persistenceOf(broker);
  await persistence.cleanSubscriptions(client);
  if (subs.length > 0) await persistence.addSubscriptions(client, subs);
}

/** Calls `onPuback` for every PUBACK a client sends: aedes hands each to the persistence's
 *  outgoingClearMessageId (lib/handlers/puback.js); aedes then carries on as before. */
export function onPuback(broker: Aedes, onPuback: (client: Client, messageId: number) => void) {
  const persistence = persistenceOf(broker);
  const clear = persistence.outgoingClearMessageId.bind(persistence);
  persistence.outgoingClearMessageId = (client, packet) => {
    if (packet.messageId !== undefined) onPuback(client, packet.messageId);
    return clear(client, packet);
  };
}

/** The PINGRESP buffer aedes writes (mqtt-packet's writeToStream writes this very object). */
const PINGRESP = (
  createRequire(import.meta.url)('mqtt-packet/constants.js') as { EMPTY: { pingresp: Buffer } }
).EMPTY.pingresp;

/** Drops the connection with no MQTT close: a TCP reset where the stream is a socket (KillTcp,
 *  fault injection), a plain destroy otherwise (a WebSocket stream). aedes sees the close. */
export function killConnection(client: Client): void {
  const conn = client.conn as unknown as { resetAndDestroy?: () => void; destroy: () => void };
  try {
    // A TLS socket's handle cannot be reset (Node throws): it is destroyed without close_notify.
    if (typeof conn.resetAndDestroy === 'function') conn.resetAndDestroy();
    else conn.destroy();
  } catch {
    conn.destroy();
  }
}

/** Leaves PINGREQs unanswered while `ignore()` is true (fault injection): aedes writes its one
 *  shared PINGRESP buffer (mqtt-packet's EMPTY.pingresp, lib/handlers/ping.js), so that exact
 *  buffer is dropped from the client's stream and nothing else is. */
export function dropPingResponses(client: Client, ignore: () => boolean): void {
  const conn = client.conn as unknown as {
    write: (chunk: unknown, ...rest: unknown[]) => boolean;
  };
  const pingresp = PINGRESP;
  const write = conn.write.bind(conn);
  conn.write = (chunk: unknown, ...rest: unknown[]) => {
    if (chunk === pingresp && ignore()) {
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }
    return write(chunk, ...rest);
  };
}

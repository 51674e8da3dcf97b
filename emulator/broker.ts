// The MQTT side of the hub: aedes with IoT Hub's rules in its hooks (spec §1, §3, Appendix A).
// Every device PUBLISH goes through one dispatcher that switches on parseTopic().kind.

import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import {
  Aedes,
  type AedesPublishPacket,
  type Client,
  type PublishPacket,
  type Subscription,
} from 'aedes';

import { parseTopic, parseTopicFilter } from '../src/iothub/topics.ts';

import { authenticateDevice } from './auth.ts';
import { createConnectionLog } from './connection-log.ts';
import type { HubContext } from './context.ts';
import { HUB_ORIGIN } from './deliver.ts';
import type { C2dFeature } from './features/c2d.ts';
import type { MethodsFeature } from './features/methods.ts';
import { isTooLarge, telemetryEvent, type TelemetryLog } from './features/telemetry.ts';
import type { TwinFeature } from './features/twin.ts';
import { isWill } from './features/will.ts';
import type { Sessions, Transport } from './sessions.ts';
import type { NewEvent } from './store/events-store.ts';

export type BrokerFeatures = {
  twin: TwinFeature;
  methods: MethodsFeature;
  c2d: C2dFeature;
  telemetry: TelemetryLog;
};

export type BrokerTuning = {
  /** ms a socket may stay full before aedes drops the client (aedes default 60 s). */
  drainTimeout: number;
  /** in-flight deliveries through aedes' emitter (aedes default 100). */
  concurrency: number;
};

class Violation extends Error {}

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

/** Hands a new connection to aedes. A QoS 2 SUBSCRIBE is granted QoS 1 (spec §3.5): aedes
 *  always grants what was asked, so the request is lowered as it is parsed, before aedes sees it. */
export function acceptConnection(
  broker: Aedes,
  sessions: Sessions,
  stream: Duplex,
  link: { transport: Transport; remoteAddress: string | null | undefined; req?: IncomingMessage },
): void {
  const client = broker.handle(stream, link.req);
  sessions.link(client, link.transport, link.remoteAddress);
  const parser = (client as unknown as { _parser?: EventEmitter })._parser;
  parser?.prependListener(
    'packet',
    (packet: { cmd: string; subscriptions?: { qos: number }[] }) => {
      if (packet.cmd !== 'subscribe') return;
      for (const sub of packet.subscriptions ?? []) if (sub.qos > 1) sub.qos = 1;
    },
  );
}

export async function createBroker(
  ctx: HubContext,
  sessions: Sessions,
  features: BrokerFeatures,
  tuning: BrokerTuning,
): Promise<Aedes> {
  const violation = (client: Client, detail: string): Violation => {
    sessions.setReason(client, 'protocol-violation', detail);
    ctx.log(`closing ${client.id}: ${detail}`);
    return new Violation(detail);
  };

  const log = createConnectionLog(ctx, sessions);
  const broker = await Aedes.createBroker({
    concurrency: tuning.concurrency,
    drainTimeout: tuning.drainTimeout,
    // [MQTT-3.1.2-24]-style watchdog is aedes' own (1.5 × keepalive, spec §1.8).
    authenticate(client, username, password, done) {
      authenticateDevice(ctx, client.id, username, password).then(
        async (result) => {
          if (!result.ok) {
            log.refused(client, result.error);
            const error = Object.assign(new Error(result.error.detail), { returnCode: 5 as const });
            done(error, false); // CONNACK 5 for every failure (spec §0.7)
            return;
          }
          sessions.accepted(client, result.value);
          if (client.clean) {
            ctx.store.sessions.clear(client.id); // CleanSession 1: a fresh session (§1.9)
          } else {
            // Restore subscriptions kept in SQLite so they also survive restarts (§0.1).
            // SQLite is the source of truth; aedes' in-memory copy is replaced by it (a deleted
            // and re-created identity must not get its old subscriptions back).
            const stored = ctx.store.sessions.list(client.id);
            const persistence = persistenceOf(broker);
            await persistence.cleanSubscriptions(client);
            if (stored.length > 0) await persistence.addSubscriptions(client, stored);
          }
          done(null, true);
        },
        (e: unknown) =>
          done(Object.assign(new Error(String(e)), { returnCode: 5 as const }), false),
      );
    },
    authorizeSubscribe(client, sub, done) {
      const session = sessions.identityOf(client);
      const filter = parseTopicFilter(sub.topic);
      const own =
        filter.kind === 'twin-responses' ||
        filter.kind === 'twin-desired' ||
        filter.kind === 'methods' ||
        (filter.kind === 'c2d' &&
          session?.moduleId === undefined &&
          filter.deviceId === session?.deviceId) ||
        (filter.kind === 'module-inputs' &&
          filter.deviceId === session?.deviceId &&
          filter.moduleId === session?.moduleId);
      if (!session || !own) {
        // IoT Hub terminates the connection on an unsupported filter (spec §3.5).
        done(violation(client, `SUBSCRIBE to '${sub.topic}' is not allowed for this identity`));
        return;
      }
      // QoS 2 is granted as 1 (spec §3.5); acceptConnection already lowered the request.
      const granted: Subscription = { ...sub, qos: sub.qos > 1 ? 1 : sub.qos };
      if (!client.clean) ctx.store.sessions.add(client.id, sub.topic, granted.qos > 0 ? 1 : 0);
      done(null, granted);
    },
    // aedes writes the PUBACK of a QoS 1 PUBLISH only after `done` (lib/handlers/publish.js), so
    // telemetry calls it once its event is committed (group commit, features/telemetry.ts).
    authorizePublish(client, packet, done) {
      let event: NewEvent | undefined;
      try {
        event = dispatch(client, packet);
      } catch (e) {
        done(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (event) features.telemetry.record(event, done);
      else done(null);
    },
    // Devices never receive each other's publishes: only what the hub addresses to them.
    authorizeForward(_client, packet) {
      return (packet as { clientId?: string }).clientId === HUB_ORIGIN ? packet : null;
    },
  });

  /** The single dispatcher for device PUBLISH packets (and Wills). Throws a Violation to close.
   *  Returns the telemetry event to store; everything else is handled here. */
  function dispatch(client: Client | null, packet: PublishPacket): NewEvent | undefined {
    const session = sessions.of(client);
    if (!client || !session || ctx.store.closed)
      throw new Error('publish from an unknown connection');
    const will = isWill(client, packet);
    // QoS 2 is not supported: the hub closes the connection (spec §3.5).
    if (packet.qos === 2) throw violation(client, 'PUBLISH with QoS 2');
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const retain = packet.retain;
    packet.retain = false; // the hub keeps no retained messages (§3.1)
    const topic = parseTopic(packet.topic);
    if (will && topic.kind !== 'telemetry')
      throw new Violation('Will topic is not the telemetry topic');
    switch (topic.kind) {
      case 'telemetry':
        if (topic.deviceId !== session.deviceId || topic.moduleId !== session.moduleId) {
          throw violation(client, `PUBLISH to another identity's topic '${packet.topic}'`);
        }
        if (isTooLarge(payload, topic.properties)) {
          throw violation(client, 'Telemetry message larger than 256 KB');
        }
        return telemetryEvent(session, payload, topic.properties, { retain, will });
      case 'twin-get':
        features.twin.get(session, topic.rid);
        return;
      case 'twin-patch-reported':
        features.twin.patch(session, topic.rid, payload);
        return;
      case 'method-response':
        features.methods.respond(session, topic.rid, topic.status, payload);
        return;
      default:
        throw violation(client, `PUBLISH to '${packet.topic}' is not an IoT Hub device topic`);
    }
  }

  broker.on('clientReady', (client) => {
    const session = sessions.ready(client);
    if (session) log.session(session, 'connect', 'connected', null);
  });
  broker.on('keepaliveTimeout', (client) =>
    sessions.setReason(client, 'keepalive-timeout', 'No packet within 1.5 × keep-alive (404104)'),
  );
  broker.on('clientError', (client, error) => {
    if (error.message === 'drain timeout') {
      sessions.setReason(
        client,
        'slow-consumer',
        'The client stopped reading; its socket stayed full past drainTimeout',
      );
    }
  });
  broker.on('subscribe', (_subs, client) => {
    const session = sessions.of(client);
    if (session) sessions.events.emit('subscribed', session);
  });
  broker.on('unsubscribe', (topics, client) => {
    if (client.clean) return;
    for (const topic of topics) ctx.store.sessions.remove(client.id, topic);
  });
  broker.on('clientDisconnect', (client) => {
    const session = sessions.gone(client);
    if (!session) return;
    const graceful = (client as unknown as { _disconnected?: boolean })._disconnected === true;
    const reason = session.closeReason ?? (graceful ? 'client-disconnected' : 'client-went-away');
    log.session(session, 'disconnect', reason, session.closeDetail ?? null);
  });
  // PUBACKs reach the persistence's outgoingClearMessageId (aedes lib/handlers/puback.js); C2D
  // packets are ours, not aedes', so we complete them here and let aedes carry on.
  const persistence = persistenceOf(broker);
  const clearMessageId = persistence.outgoingClearMessageId.bind(persistence);
  persistence.outgoingClearMessageId = (client, packet) => {
    const session = sessions.of(client);
    if (session && packet.messageId !== undefined) features.c2d.acked(session, packet.messageId);
    return clearMessageId(client, packet);
  };
  return broker;
}

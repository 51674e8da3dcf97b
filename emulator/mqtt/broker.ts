// The MQTT side of the hub: aedes with IoT Hub's rules in its hooks (spec §1, §3, Appendix A),
// each hook in its own module; every client that passes CONNECT gets an MQTT DeviceLink and a
// session, and features only ever see the link.

import { Aedes, type Client } from 'aedes';

import { createConnectionLog } from '../connection-log.ts';
import type { HubContext } from '../context.ts';
import type { Faults } from '../features/faults.ts';
import type { DeviceInbound } from '../link/device-inbound.ts';
import type { Sessions } from '../sessions.ts';
import type { ConnectionReason } from '../store/connections-store.ts';
import type { NewEvent } from '../store/events-store.ts';

import type { MqttBroker } from './accept.ts';
import { disconnectedGracefully, dropPingResponses, onPuback } from './aedes-internals.ts';
import { createMqttClients } from './clients.ts';
import { createConnectHook } from './connect-hook.ts';
import { createMqttLink, HUB_ORIGIN } from './mqtt-link.ts';
import { createPublishDispatch, ProtocolViolation } from './publish-hook.ts';
import { createSubscribeHook } from './subscribe-hook.ts';

export type BrokerTuning = {
  /** ms a socket may stay full before aedes drops the client (aedes default 60 s). */
  drainTimeout: number;
  /** in-flight deliveries through aedes' emitter (aedes default 100). */
  concurrency: number;
};

export async function createBroker(
  ctx: HubContext,
  sessions: Sessions,
  inbound: DeviceInbound,
  tuning: BrokerTuning,
  faults?: Faults,
): Promise<MqttBroker> {
  const clients = createMqttClients();
  const log = createConnectionLog(ctx);
  const setReason = (client: Client, reason: ConnectionReason, detail: string) => {
    const session = clients.session(client);
    if (session) sessions.setReason(session, reason, detail);
  };
  const violation = (client: Client, detail: string): ProtocolViolation => {
    setReason(client, 'protocol-violation', detail);
    ctx.log(`closing ${client.id}: ${detail}`);
    return new ProtocolViolation(detail);
  };
  const dispatch = createPublishDispatch(ctx, clients, inbound, violation);

  const broker: Aedes = await Aedes.createBroker({
    concurrency: tuning.concurrency,
    drainTimeout: tuning.drainTimeout,
    // [MQTT-3.1.2-24]-style watchdog is aedes' own (1.5 × keepalive, spec §1.8).
    authenticate: createConnectHook(
      ctx,
      sessions,
      clients,
      () => broker,
      (client, failure) => {
        const state = clients.state(client);
        log.refused(
          {
            clientId: client.id,
            transport: state?.transport ?? null,
            remoteAddress: state?.remoteAddress ?? null,
          },
          failure,
        );
      },
      faults,
    ),
    authorizeSubscribe: createSubscribeHook(ctx, clients, violation),
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
      if (event) inbound.telemetry.record(event, done);
      else done(null);
    },
    // Devices never receive each other's publishes: only what the hub addresses to them.
    authorizeForward(_client, packet) {
      return (packet as { clientId?: string }).clientId === HUB_ORIGIN ? packet : null;
    },
  });

  broker.on('clientReady', (client) => {
    const state = clients.state(client);
    if (!state?.auth) return;
    const link = createMqttLink(client, state.transport, state.remoteAddress);
    const session = sessions.open(link, state.auth);
    state.live = { link, session };
    log.session(session, 'connect', 'connected', null);
    if (faults)
      dropPingResponses(client, () => faults.ignoresPings(session.deviceId, session.moduleId));
  });
  broker.on('keepaliveTimeout', (client) =>
    setReason(client, 'keepalive-timeout', 'No packet within 1.5 × keep-alive (404104)'),
  );
  broker.on('clientError', (client, error) => {
    if (error.message === 'drain timeout') {
      setReason(
        client,
        'slow-consumer',
        'The client stopped reading; its socket stayed full past drainTimeout',
      );
    }
  });
  broker.on('subscribe', (_subs, client) => {
    const session = clients.session(client);
    if (session) sessions.subscribed(session);
  });
  broker.on('unsubscribe', (topics, client) => {
    if (client.clean) return;
    for (const topic of topics) ctx.store.sessions.remove(client.id, topic);
  });
  broker.on('clientDisconnect', (client) => {
    const session = clients.session(client);
    if (!session) return;
    sessions.gone(session);
    const graceful = disconnectedGracefully(client);
    const reason = session.closeReason ?? (graceful ? 'client-disconnected' : 'client-went-away');
    log.session(session, 'disconnect', reason, session.closeDetail ?? null);
  });
  // C2D packets are ours, not aedes': a PUBACK for one settles that delivery (spec §6).
  onPuback(broker, (client, messageId) => {
    const live = clients.state(client)?.live;
    if (live?.link.settle(messageId)) inbound.c2d.settled(live.session, messageId, 'complete');
  });
  return { aedes: broker, clients };
}

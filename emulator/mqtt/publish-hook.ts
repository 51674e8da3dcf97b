// The single dispatcher for device PUBLISH packets (and Wills), switching on parseTopic().kind
// (spec §3). Throws a ProtocolViolation to close the connection; returns the telemetry event to
// store, everything else is handed to its feature here.

import type { Client, PublishPacket } from 'aedes';

import { parseTopic } from '../../src/iothub/topics.ts';
import type { HubContext } from '../context.ts';
import { isTooLarge, telemetryEvent } from '../features/telemetry.ts';
import type { DeviceInbound } from '../link/device-inbound.ts';
import type { NewEvent } from '../store/events-store.ts';

import { isWill } from './aedes-internals.ts';
import type { MqttClients } from './clients.ts';

export class ProtocolViolation extends Error {}

export function createPublishDispatch(
  ctx: HubContext,
  clients: MqttClients,
  inbound: DeviceInbound,
  violation: (client: Client, detail: string) => ProtocolViolation,
) {
  return function dispatch(client: Client | null, packet: PublishPacket): NewEvent | undefined {
    const session = clients.session(client);
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
      throw new ProtocolViolation('Will topic is not the telemetry topic');
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
        inbound.twin.get(session, topic.rid);
        return;
      case 'twin-patch-reported':
        inbound.twin.patch(session, topic.rid, payload);
        return;
      case 'method-response':
        inbound.methods.respond(session, topic.rid, topic.status, payload);
        return;
      default:
        throw violation(client, `PUBLISH to '${packet.topic}' is not an IoT Hub device topic`);
    }
  };
}

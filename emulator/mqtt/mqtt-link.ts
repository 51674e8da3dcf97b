// The MQTT DeviceLink (link/device-link.ts) over one aedes client. Twin responses, desired
// patches and method requests go at QoS 0 through aedes (`client.publish`, which honours drain
// and drainTimeout); C2D goes at QoS 1 with a packet id we choose, so the device's PUBACK settles
// that exact delivery (spec §6).

import type { Client } from 'aedes';

import {
  c2dTopic,
  methodRequestTopic,
  parseTopicFilter,
  twinDesiredTopic,
  twinResponseTopic,
} from '../../src/iothub/topics.ts';
import type {
  C2dDelivery,
  DeliveryTag,
  DeviceLink,
  LinkChannel,
  LinkTransport,
  Settlement,
} from '../link/device-link.ts';

import { killConnection, subscriptionsOf, writeQos1Publish } from './aedes-internals.ts';

/** Marks packets the hub itself addresses to one client, so authorizeForward lets only them through. */
export const HUB_ORIGIN = '$iothub-emulator';

export type MqttLink = DeviceLink & {
  readonly client: Client;
  /** The device PUBACKed `packetId`: true when it was one of our C2D deliveries. */
  settle(packetId: number): boolean;
};

/**
 * C2D on MQTT: system properties as `$.`-keys of the topic's property bag, then `iothub-ack`
 * only when the sender asked for an acknowledgement, then the application properties
 * (Microsoft Learn, "Communicate with an IoT hub using the MQTT protocol", section "Receiving
 * cloud-to-device messages"; see features/c2d.ts for the `iothub-ack` rule).
 */
export function c2dTopicOf(m: C2dDelivery): string {
  const { ack, ...system } = m.system;
  const application = ack !== undefined ? { 'iothub-ack': ack, ...m.application } : m.application;
  return c2dTopic(m.deviceId, { system, application });
}

export function createMqttLink(
  client: Client,
  transport: LinkTransport,
  remoteAddress: string | null,
): MqttLink {
  const unsettled = new Set<number>();
  let nextPacketId = 1;
  const writable = () => client.connected && !client.closed;

  function sendQos0(topic: string, payload: string | Buffer): void {
    if (!writable()) return;
    client.publish(
      {
        cmd: 'publish',
        topic,
        payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
        qos: 0,
        dup: false,
        retain: false,
        clientId: HUB_ORIGIN,
      } as Parameters<typeof client.publish>[0],
      () => {},
    );
  }

  function receives(channel: LinkChannel): Settlement | undefined {
    for (const [filter, sub] of Object.entries(subscriptionsOf(client))) {
      if (parseTopicFilter(filter).kind === channel) return sub.qos > 0 ? 'by-device' : 'on-send';
    }
    return undefined;
  }

  return {
    client,
    transport,
    remoteAddress,
    get open() {
      return writable();
    },
    receives,
    subscriptions: () => Object.keys(subscriptionsOf(client)),
    deliverC2d(message: C2dDelivery, redeliver?: DeliveryTag): DeliveryTag | undefined {
      if (!writable()) return undefined;
      const topic = c2dTopicOf(message);
      if (receives('c2d') === 'on-send') {
        sendQos0(topic, message.body);
        return 0;
      }
      // Packet ids are ours alone: every other hub → device publish is QoS 0. A redelivery keeps
      // its id and goes out with DUP set ([MQTT-3.3.1-1]).
      let id = redeliver ?? nextPacketId;
      if (redeliver === undefined) {
        while (unsettled.has(id)) id = (id % 65535) + 1;
        nextPacketId = (id % 65535) + 1;
        unsettled.add(id);
      }
      writeQos1Publish(client, {
        topic,
        payload: message.body,
        messageId: id,
        dup: redeliver !== undefined,
      });
      return id;
    },
    settle: (packetId: number) => unsettled.delete(packetId),
    twinResponse(rid, status, body, version) {
      sendQos0(twinResponseTopic(status, rid, version), body);
    },
    desiredPatch(version, body) {
      sendQos0(twinDesiredTopic(version), body);
    },
    methodRequest(methodName, rid, body) {
      sendQos0(methodRequestTopic(methodName, rid), body);
    },
    // MQTT 3.1.1 has no server DISCONNECT: the hub just closes the connection (spec §1.10).
    close() {
      if (!client.closed) client.close();
    },
    canInjectFault: (type) => type === 'KillTcp' || type === 'ShutDownMqtt',
    injectFault(type) {
      if (client.closed) return;
      // KillTcp: the socket is reset; ShutDownMqtt: closed in order (MQTT has no server close).
      if (type === 'KillTcp') killConnection(client);
      else if (type === 'ShutDownMqtt') client.close();
    },
  };
}

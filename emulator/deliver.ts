// Hub → device writes. Twin responses, desired patches and method requests go at QoS 0 through
// aedes (`client.publish`, which honours drain and drainTimeout); C2D goes at QoS 1 with a packet
// id we choose, so the device's PUBACK can complete that exact message (spec §6).

import mqttPacket from 'mqtt-packet';

import type { Session } from './sessions.ts';

/** Marks packets the hub itself addresses to one client, so authorizeForward lets only them through. */
export const HUB_ORIGIN = '$iothub-emulator';

export function sendQos0(session: Session, topic: string, payload: string | Buffer): void {
  const { client } = session;
  if (!client.connected) return;
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

/** Writes a QoS 1 PUBLISH; returns its packet id, or undefined when the connection is gone.
 *  A redelivery passes the original packet id and goes out with DUP set ([MQTT-3.3.1-1]). */
export function writeQos1(
  session: Session,
  topic: string,
  payload: Buffer,
  redeliver?: number,
): number | undefined {
  const { client } = session;
  if (!client.connected || client.closed) return undefined;
  // Packet ids are ours alone: every other hub → device publish is QoS 0.
  let id = redeliver ?? session.nextPacketId;
  if (redeliver === undefined) {
    while (session.c2dInFlight.has(id)) id = (id % 65535) + 1;
    session.nextPacketId = (id % 65535) + 1;
  }
  mqttPacket.writeToStream(
    {
      cmd: 'publish',
      topic,
      payload,
      qos: 1,
      messageId: id,
      dup: redeliver !== undefined,
      retain: false,
    },
    client.conn,
  );
  return id;
}

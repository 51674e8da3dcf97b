// Will messages (spec §1.11): on an ungraceful close aedes publishes the client's Will through
// authorizePublish; the dispatcher stores it as telemetry marked `iothub-MessageType: Will`.

import type { Client, PublishPacket } from 'aedes';

/** aedes passes the client's own `will` object when it publishes the Will (lib/client.js close). */
export function isWill(client: Client, packet: PublishPacket): boolean {
  const will = (client as unknown as { will?: unknown }).will;
  return will !== undefined && will !== null && will === packet;
}

// Hands a new MQTT connection (TCP, TLS or WebSocket stream) to aedes.

import type { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Aedes } from 'aedes';

import type { LinkTransport } from '../link/device-link.ts';

import { beforeSubscribe } from './aedes-internals.ts';
import type { MqttClients } from './clients.ts';

export type MqttBroker = { aedes: Aedes; clients: MqttClients };

/** A QoS 2 SUBSCRIBE is granted QoS 1 (spec §3.5): aedes always grants what was asked, so the
 *  request is lowered as it is parsed, before aedes sees it. */
export function acceptConnection(
  broker: MqttBroker,
  stream: Duplex,
  from: {
    transport: LinkTransport;
    remoteAddress: string | null | undefined;
    req?: IncomingMessage;
    /** The TLS client certificate chain (x509/peer.ts). */
    certificates?: X509Certificate[] | undefined;
  },
): void {
  const client = broker.aedes.handle(stream, from.req);
  broker.clients.add(client, from.transport, from.remoteAddress, from.certificates);
  beforeSubscribe(client, (subs) => {
    for (const sub of subs) if (sub.qos > 1) sub.qos = 1;
  });
}

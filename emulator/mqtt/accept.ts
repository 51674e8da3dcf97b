// Hands a new MQTT connection (TCP, TLS or WebSocket stream) to aedes.

import type { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Aedes } from 'aedes';
import type { IConnectPacket } from 'mqtt-packet';

import type { LinkTransport } from '../link/device-link.ts';

import { beforeSubscribe } from './aedes-internals.ts';
import type { MqttClients } from './clients.ts';
import { routeByConnect } from './route-by-connect.ts';

/** Another MQTT service on the hub's ports: connections whose CONNECT it claims go to it. */
export type MqttDivert = {
  claims(connect: IConnectPacket): boolean;
  accept(stream: Duplex, certificates: X509Certificate[] | undefined): void;
};

export type MqttBroker = { aedes: Aedes; clients: MqttClients; divert?: MqttDivert };

type From = {
  transport: LinkTransport;
  remoteAddress: string | null | undefined;
  req?: IncomingMessage;
  /** The TLS client certificate chain (x509/peer.ts). */
  certificates?: X509Certificate[] | undefined;
};

/** A QoS 2 SUBSCRIBE is granted QoS 1 (spec §3.5): aedes always grants what was asked, so the
 *  request is lowered as it is parsed, before aedes sees it. */
export function acceptConnection(broker: MqttBroker, stream: Duplex, from: From): void {
  const divert = broker.divert;
  if (!divert) {
    acceptHubClient(broker, stream, from);
    return;
  }
  routeByConnect(
    stream,
    (connect) => divert.claims(connect),
    () => acceptHubClient(broker, stream, from),
    () => divert.accept(stream, from.certificates),
  );
}

function acceptHubClient(broker: MqttBroker, stream: Duplex, from: From): void {
  const client = broker.aedes.handle(stream, from.req);
  broker.clients.add(client, from.transport, from.remoteAddress, from.certificates);
  beforeSubscribe(client, (subs) => {
    for (const sub of subs) if (sub.qos > 1) sub.qos = 1;
  });
}

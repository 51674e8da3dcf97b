// What the hub knows about each aedes client: where it came from, how it authenticated (between
// CONNECT and CONNACK) and, once live, its link and session.

import type { X509Certificate } from 'node:crypto';

import type { Client } from 'aedes';

import type { DeviceAuth } from '../auth.ts';
import type { LinkTransport } from '../link/device-link.ts';
import type { Session } from '../sessions.ts';

import type { MqttLink } from './mqtt-link.ts';

export type MqttClientState = {
  transport: LinkTransport;
  remoteAddress: string | null;
  /** The TLS client certificate chain, leaf first, when the device sent one (X.509 devices). */
  certificates?: X509Certificate[];
  /** Set when CONNECT was accepted, before the CONNACK. */
  auth?: DeviceAuth;
  /** Set once the CONNACK went out. */
  live?: { link: MqttLink; session: Session };
};

export function createMqttClients() {
  const states = new WeakMap<Client, MqttClientState>();
  return {
    /** Records transport and peer of a raw connection; called right after `broker.handle`. */
    add(
      client: Client,
      transport: LinkTransport,
      remoteAddress: string | null | undefined,
      certificates?: X509Certificate[],
    ): void {
      states.set(client, {
        transport,
        remoteAddress: remoteAddress ?? null,
        ...(certificates ? { certificates } : {}),
      });
    },
    state: (client: Client | null) => (client ? states.get(client) : undefined),
    session: (client: Client | null) => (client ? states.get(client)?.live?.session : undefined),
    /** The identity of a live or still-connecting client (restored subscriptions are checked
     *  before the CONNACK, when no session exists yet). */
    identityOf(client: Client): { deviceId: string; moduleId?: string } | undefined {
      const s = states.get(client);
      return s?.live?.session ?? s?.auth?.identity.record;
    },
  };
}

export type MqttClients = ReturnType<typeof createMqttClients>;

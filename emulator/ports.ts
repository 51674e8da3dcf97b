// Listening on the hub's ports, and what to do when one is taken (issue 3 "npm start"): the HTTP
// port is required; plain MQTT, MQTT over TLS and HTTPS left at their defaults are optional, so a
// local mosquitto on 1883 does not stop `npm start`. A port asked for explicitly is required.

import { once } from 'node:events';
import type { AddressInfo, Server } from 'node:net';

export type Listener = 'http' | 'mqtt' | 'mqtts' | 'https' | 'amqp' | 'amqps';

const WHAT: Record<Listener, string> = {
  http: 'HTTP (console, REST, MQTT over WebSockets)',
  mqtt: 'plain MQTT over TCP',
  mqtts: 'MQTT over TLS',
  https: 'HTTPS + WSS',
  amqp: 'plain AMQP over TCP',
  amqps: 'AMQP over TLS',
};
const FLAG: Record<Listener, string> = {
  http: '--port',
  mqtt: '--mqtt-port',
  mqtts: '--mqtts-port',
  https: '--https-port',
  amqp: '--amqp-port',
  amqps: '--amqps-port',
};

/** A port the hub could not listen on: in use (EADDRINUSE) or not allowed (EACCES). */
export class PortUnavailableError extends Error {
  readonly listener: Listener;
  readonly port: number;
  readonly code: string;
  constructor(listener: Listener, port: number, bind: string, code: string) {
    super(
      `${bind}:${port} (${WHAT[listener]}) is ${code === 'EACCES' ? 'not allowed for this user' : 'already in use'}`,
    );
    this.listener = listener;
    this.port = port;
    this.code = code;
  }
}

/** Listens and resolves with the port; a taken or forbidden port rejects with PortUnavailableError. */
export async function listen(
  server: Server,
  listener: Listener,
  port: number,
  bind: string,
): Promise<number> {
  server.listen(port, bind);
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([e]) => Promise.reject(e as Error)),
    ]);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new PortUnavailableError(listener, port, bind, code);
    throw e;
  }
  return (server.address() as AddressInfo).port;
}

/** The listeners the hub may run without: those whose port flag was not given. */
export function optionalListeners(given: {
  mqttPort: boolean;
  mqttsPort: boolean;
  httpsPort: boolean;
  amqpPort?: boolean;
  amqpsPort?: boolean;
}): Listener[] {
  return [
    ...(given.mqttPort ? [] : (['mqtt'] as const)),
    ...(given.mqttsPort ? [] : (['mqtts'] as const)),
    ...(given.httpsPort ? [] : (['https'] as const)),
    ...(given.amqpPort === false ? (['amqp'] as const) : []),
    ...(given.amqpsPort === false ? (['amqps'] as const) : []),
  ];
}

/** The warning printed for an optional listener the hub started without. */
export function skippedWarning(s: { listener: Listener; port: number }): string {
  const who = s.listener === 'mqtt' ? ' (another MQTT broker, such as mosquitto?)' : '';
  return `WARNING: port ${s.port} is in use${who}; running without ${WHAT[s.listener]}. Choose another port with ${FLAG[s.listener]} N${s.listener === 'mqtt' ? ', or turn it off with --mqtt-port 0' : ''}.`;
}

/** What to tell the user when a required port is unavailable: which one, and how to pick another. */
export function portHelp(e: PortUnavailableError): string {
  const example = e.port === 8090 ? 8091 : 8090;
  const how =
    e.listener === 'http'
      ? `Pick another HTTP port: npm start -- --port ${example}  (or PORT=${example} npm start)`
      : `Pick another port with ${FLAG[e.listener]} N${e.listener === 'mqtt' ? ', or --mqtt-port 0 to turn plain MQTT off' : ''}`;
  return `Cannot start the emulator: port ${e.message}.\n${how}`;
}

/**
 * One MQTT 3.1.1 connection over WebSockets with the options IoT Hub expects (spec §1, §11.1).
 * The only file that imports `mqtt`. No reconnects here: mqtt.js runs with reconnectPeriod 0 and
 * DeviceSession owns the schedule (perf B5: mqtt.js has no backoff and stops on CONNACK errors).
 */
import type mqttDefault from 'mqtt';
import type { IClientOptions } from 'mqtt';

import type { WirePacket } from '../iothub/packet-meaning.ts';

// The browser build of mqtt.js only has a default export.
export type Mqtt = typeof mqttDefault;

let loading: Promise<Mqtt> | undefined;

/**
 * mqtt.js (about 320 kB minified, a third of the console's JS) is fetched on the first connect, not
 * with the first screen. A failed fetch is forgotten so the next attempt tries again.
 */
export function loadMqtt(): Promise<Mqtt> {
  loading ??= import('mqtt').then(
    (m) => m.default,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

export type LinkOptions = {
  url: string;
  clientId: string;
  username: string;
  password: string;
  keepAliveSec: number;
  will?: { topic: string; payload: string };
};

export type LinkHandlers = {
  onConnect: () => void;
  /** CONNACK refused the credentials (4 bad user name or password, 5 not authorized). */
  onAuthRefused: (code: number) => void;
  onError: (message: string) => void;
  /** keepaliveTimeout: mqtt.js closed it itself after a missing PINGRESP (not the server). */
  onClose: (keepaliveTimeout: boolean) => void;
  onMessage: (topic: string, payload: Uint8Array, dup: boolean) => void;
  /** Every packet written (`out`) or read (`in`), for the protocol timeline (protocol-recorder.ts). */
  onPacket?: (dir: 'out' | 'in', packet: WirePacket) => void;
};

export type Link = {
  publish: (
    topic: string,
    payload: string | Uint8Array,
    qos: 0 | 1,
    done?: (error?: string) => void,
  ) => void;
  subscribe: (filters: Record<string, 0 | 1>, done: (error?: string) => void) => void;
  /** graceful: DISCONNECT after in-flight PUBACKs (forced after `graceMs`); else drop the socket. */
  end: (graceful: boolean, done?: () => void) => void;
};

export const GRACEFUL_END_MS = 5000;

export function openLink(mqtt: Mqtt, o: LinkOptions, h: LinkHandlers): Link {
  const options: IClientOptions = {
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: false,
    clientId: o.clientId,
    username: o.username,
    password: o.password,
    keepalive: o.keepAliveSec,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    // Telemetry "now" must not silently go out later: the session keeps its own visible queue.
    queueQoSZero: false,
    resubscribe: false,
    // The CONNECT is written when the client connects: listeners first, so the timeline sees it.
    manualConnect: true,
    will: o.will
      ? { topic: o.will.topic, payload: o.will.payload, qos: 1, retain: false }
      : undefined,
  };
  const client = mqtt.connect(o.url, options);
  let closed = false;
  let keepaliveTimeout = false;
  client.on('connect', () => h.onConnect());
  client.on('error', (error) => {
    const code = (error as { code?: unknown }).code;
    // mqtt.js 5 reports a missing PINGRESP only as this error, right before it closes the stream.
    if (error.message === 'Keepalive timeout') keepaliveTimeout = true;
    if (code === 4 || code === 5) h.onAuthRefused(code);
    else h.onError(error.message);
  });
  client.on('close', () => {
    if (closed) return;
    closed = true;
    h.onClose(keepaliveTimeout);
  });
  client.on('message', (topic, payload, packet) => h.onMessage(topic, payload, packet.dup));
  const onPacket = h.onPacket;
  if (onPacket) {
    client.on('packetsend', (packet) => onPacket('out', packet as WirePacket));
    client.on('packetreceive', (packet) => onPacket('in', packet as WirePacket));
  }
  client.connect();

  return {
    publish(topic, payload, qos, done) {
      // mqtt.js types the payload as Buffer, but mqtt-packet (writeToStream.js, publish) measures
      // any ArrayBuffer view with Buffer.byteLength and the stream takes Uint8Array chunks, so
      // composed bytes (CBOR, Protobuf, …) go out as they are without a Buffer polyfill here.
      client.publish(topic, payload as string, { qos, retain: false }, (error) =>
        done?.(error?.message),
      );
    },
    subscribe(filters, done) {
      const map = Object.fromEntries(Object.entries(filters).map(([f, qos]) => [f, { qos }]));
      client.subscribe(map, (error) => done(error?.message));
    },
    end(graceful, done) {
      if (!graceful) {
        client.end(true, {}, () => done?.());
        return;
      }
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        done?.();
      };
      const timer = setTimeout(() => client.end(true, {}, finish), GRACEFUL_END_MS);
      client.end(false, {}, finish);
    },
  };
}

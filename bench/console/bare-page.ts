// The baseline page: mqtt.js alone, connected with the options the console's device session uses
// (src/device/mqtt-link.ts: MQTT 3.1.1, clean session off, keep-alive, no auto-reconnect, no
// QoS 0 queue; the same subscriptions and twin GET as src/device/session-inbound.ts), counting
// what arrives. Bundled by vite from this file at bench time; driven through window.benchBare.

import mqtt, { type MqttClient } from 'mqtt';

export type BareConnect = {
  url: string;
  clientId: string;
  username: string;
  password: string;
  keepAliveSec: number;
  deviceId: string;
};

export type BarePublish = { topic: string; body: string; count: number; window: number };
export type BarePublishResult = {
  acked: number;
  failed: number;
  startedAt: number;
  endedAt: number;
};

let client: MqttClient | undefined;
const bare = {
  received: 0,
  connect(o: BareConnect): Promise<void> {
    client = mqtt.connect(o.url, {
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: false,
      clientId: o.clientId,
      username: o.username,
      password: o.password,
      keepalive: o.keepAliveSec,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
      queueQoSZero: false,
      resubscribe: false,
    });
    const c = client;
    c.on('message', () => {
      bare.received += 1;
    });
    return new Promise((resolve, reject) => {
      c.once('error', reject);
      c.once('connect', () => {
        const filters = {
          '$iothub/twin/res/#': { qos: 0 as const },
          '$iothub/twin/PATCH/properties/desired/#': { qos: 0 as const },
          '$iothub/methods/POST/#': { qos: 0 as const },
          [`devices/${o.deviceId}/messages/devicebound/#`]: { qos: 1 as const },
        };
        c.subscribe(filters, (error) => {
          if (error) reject(error);
          c.publish('$iothub/twin/GET/?$rid=1', ' ', { qos: 0 });
          resolve();
        });
      });
    });
  },
  /** QoS 1 publishes with at most `window` unacknowledged, as fast as PUBACKs allow. */
  publish(o: BarePublish): Promise<BarePublishResult> {
    const c = client;
    if (!c) return Promise.reject(new Error('not connected'));
    return new Promise((resolve) => {
      let sent = 0;
      let inFlight = 0;
      let acked = 0;
      let failed = 0;
      const startedAt = Date.now();
      let endedAt = startedAt;
      const next = () => {
        while (inFlight < o.window && sent < o.count) {
          sent += 1;
          inFlight += 1;
          c.publish(o.topic.replace('__SEQ__', String(sent)), o.body, { qos: 1 }, (error) => {
            inFlight -= 1;
            if (error) failed += 1;
            else acked += 1;
            endedAt = Date.now();
            if (acked + failed === o.count) resolve({ acked, failed, startedAt, endedAt });
            else next();
          });
        }
      };
      next();
    });
  },
};

(window as unknown as { benchBare: typeof bare }).benchBare = bare;

// authorizeSubscribe: a device may subscribe only to its own IoT Hub topics (spec §3.5).

import type { AedesOptions, Client, Subscription } from 'aedes';

import { parseTopicFilter } from '../../src/iothub/topics.ts';
import type { HubContext } from '../context.ts';

import type { MqttClients } from './clients.ts';
import type { ProtocolViolation } from './publish-hook.ts';

export function createSubscribeHook(
  ctx: HubContext,
  clients: MqttClients,
  violation: (client: Client, detail: string) => ProtocolViolation,
): NonNullable<AedesOptions['authorizeSubscribe']> {
  return (client, sub, done) => {
    const identity = clients.identityOf(client);
    const filter = parseTopicFilter(sub.topic);
    const own =
      filter.kind === 'twin-responses' ||
      filter.kind === 'twin-desired' ||
      filter.kind === 'methods' ||
      (filter.kind === 'c2d' &&
        identity?.moduleId === undefined &&
        filter.deviceId === identity?.deviceId) ||
      (filter.kind === 'module-inputs' &&
        filter.deviceId === identity?.deviceId &&
        filter.moduleId === identity?.moduleId);
    if (!identity || !own) {
      // IoT Hub terminates the connection on an unsupported filter (spec §3.5).
      done(violation(client, `SUBSCRIBE to '${sub.topic}' is not allowed for this identity`));
      return;
    }
    // QoS 2 is granted as 1 (spec §3.5); acceptConnection already lowered the request.
    const granted: Subscription = { ...sub, qos: sub.qos > 1 ? 1 : sub.qos };
    if (!client.clean) ctx.store.sessions.add(client.id, sub.topic, granted.qos > 0 ? 1 : 0);
    done(null, granted);
  };
}

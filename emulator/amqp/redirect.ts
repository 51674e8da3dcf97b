// IoT Hub's redirect of its own `messages/events` node to the built-in Event Hubs-compatible
// endpoint: a receiver attached to `amqps://{HostName}/messages/events/$management` is detached
// with `amqp:link:redirect`, whose `info` names the namespace (`hostname`) and the entity
// (`address` = `amqps://{namespace}:{port}/{eventHub}/$management`). Microsoft's sample
// "iot-hub/Quickstarts/read-d2c-messages" (iotHubConnectionString.js) turns that into an Event
// Hubs connection string; the gateway (gateway/event-hub-address.ts) does the same. Which other
// `info` keys the hub sends is unconfirmed (docs/emulator.md, "Differences").

import type { EventHubInfo } from './event-hubs.ts';
import { amqpError } from './links.ts';

export type RedirectTarget = { hostName: string; port: number };

export function redirectToEventHub(
  hub: EventHubInfo,
  target: RedirectTarget | undefined,
): { error: { condition: string; description: string; info?: Record<string, unknown> } } {
  if (!target)
    return {
      error: amqpError('amqp:not-found', 'The built-in endpoint is not served over AMQP here'),
    };
  const address = `amqps://${target.hostName}:${target.port}/${hub.name}/$management`;
  return {
    error: {
      ...amqpError('amqp:link:redirect', `Read the built-in endpoint at ${address}`),
      info: {
        hostname: target.hostName,
        'network-host': target.hostName,
        port: target.port,
        address,
      },
    },
  };
}

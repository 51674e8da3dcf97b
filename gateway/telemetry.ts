// Telemetry the hub received, read from its built-in Event Hubs-compatible endpoint with the
// official `@azure/event-hubs` client (Microsoft Learn, "Read device-to-cloud messages from the
// built-in endpoint"), from "now" (latest position on every partition), filtered to one device
// or module by the system properties IoT Hub stamps (`iothub-connection-device-id`,
// `iothub-connection-module-id`; "Create and read IoT Hub messages"), in the console's HubEvent
// shape so the hub panel shows it as it shows the emulator's log.

import {
  EventHubConsumerClient,
  latestEventPosition,
  type ReceivedEventData,
} from '@azure/event-hubs';

import type { HubEvent } from '../src/iothub/emulator-api.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const text = (v: unknown): string =>
  v instanceof Date
    ? v.toISOString()
    : Buffer.isBuffer(v)
      ? v.toString('utf8')
      : typeof v === 'object' && v !== null
        ? JSON.stringify(v)
        : String(v);

export function hubEventOf(e: ReceivedEventData): HubEvent | undefined {
  const system: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.systemProperties ?? {})) system[k] = text(v);
  const deviceId = system['iothub-connection-device-id'];
  if (deviceId === undefined) return undefined;
  if (e.messageId !== undefined) system['message-id'] = text(e.messageId);
  if (e.correlationId !== undefined) system['correlation-id'] = text(e.correlationId);
  if (e.contentType !== undefined) system['content-type'] = e.contentType;
  const raw = e.getRawAmqpMessage();
  if (raw.properties?.contentEncoding) system['content-encoding'] = raw.properties.contentEncoding;
  const bytes = Buffer.isBuffer(e.body)
    ? e.body
    : Buffer.from(typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? null));
  let body: string | null;
  try {
    body = utf8.decode(bytes);
  } catch {
    body = null;
  }
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.properties ?? {})) properties[k] = text(v);
  return {
    sequenceNumber: e.sequenceNumber,
    deviceId,
    moduleId: system['iothub-connection-module-id'] ?? null,
    enqueuedTime: e.enqueuedTimeUtc.toISOString(),
    body,
    bodyBase64: bytes.toString('base64'),
    properties,
    systemProperties: system,
  };
}

export type TelemetryTarget = { deviceId: string; moduleId?: string; consumerGroup: string };

/** Reads from now; calls `onEvent` for the target's events and `onError` for reader errors.
 *  Returns a stop function. */
export function readTelemetry(
  eventHubConnectionString: string,
  target: TelemetryTarget,
  onEvent: (e: HubEvent) => void,
  onError: (message: string) => void,
): () => Promise<void> {
  const client = new EventHubConsumerClient(target.consumerGroup, eventHubConnectionString);
  const subscription = client.subscribe(
    {
      processEvents: async (events) => {
        for (const e of events) {
          const event = hubEventOf(e);
          if (
            event &&
            event.deviceId === target.deviceId &&
            (event.moduleId ?? undefined) === target.moduleId
          )
            onEvent(event);
        }
      },
      processError: async (error) => onError(error.message),
    },
    { startPosition: latestEventPosition, skipParsingBodyAsJson: true, maxWaitTimeInSeconds: 5 },
  );
  return async () => {
    await subscription.close().catch(() => undefined);
    await client.close().catch(() => undefined);
  };
}

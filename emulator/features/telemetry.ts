// Device-to-cloud telemetry (spec §3.1): the property bag becomes application and system
// properties, the hub stamps its own, and the event is in SQLite before the PUBACK.

import { MAX_TELEMETRY_BYTES } from '../../src/iothub/limits.ts';
import type { MessageProperties, SystemPropertyName } from '../../src/iothub/property-bag.ts';
import type { HubContext } from '../context.ts';
import type { Session } from '../sessions.ts';
import type { StoredEvent } from '../store/events-store.ts';
import { hubTime } from '../time.ts';

/** Wire system property → name on the Event Hubs-compatible endpoint (spec §3.1 table). */
const EVENT_NAMES: Partial<Record<SystemPropertyName, string>> = {
  messageId: 'message-id',
  correlationId: 'correlation-id',
  userId: 'user-id',
  to: 'to',
  expiryTimeUtc: 'absolute-expiry-time',
  contentType: 'content-type',
  contentEncoding: 'content-encoding',
  creationTimeUtc: 'iothub-creation-time-utc',
  outputName: 'iothub-outputname',
  interfaceId: 'iothub-interface-id',
  componentName: 'dt-subject',
  messageSchema: 'iothub-message-schema',
  diagId: 'iothub-diag-id',
  diagCorrelationContext: 'diag-correlation-context',
};

/** Size as IoT Hub counts it: body + system property values + application names and values (§7.1). */
export function telemetrySize(payload: Buffer, p: MessageProperties): number {
  let size = payload.length;
  for (const v of Object.values(p.system)) size += Buffer.byteLength(v ?? '');
  for (const [k, v] of Object.entries(p.application))
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  return size;
}

export const isTooLarge = (payload: Buffer, p: MessageProperties): boolean =>
  telemetrySize(payload, p) > MAX_TELEMETRY_BYTES;

export type TelemetryFlags = { retain?: boolean; will?: boolean };

export function recordTelemetry(
  ctx: HubContext,
  session: Session,
  payload: Buffer,
  props: MessageProperties,
  flags: TelemetryFlags = {},
): StoredEvent {
  const now = Date.now();
  const application = { ...props.application };
  // RETAIN is not stored by IoT Hub, only flagged (spec §3.1, §3.5; value 'true' UNCONFIRMED).
  if (flags.retain) application['mqtt-retain'] = 'true';
  // An ungraceful close publishes the Will as telemetry so marked (spec §1.11).
  if (flags.will) application['iothub-MessageType'] = 'Will';
  const system: Record<string, string> = {};
  for (const [name, value] of Object.entries(props.system) as [SystemPropertyName, string][]) {
    const eventName = EVENT_NAMES[name];
    if (eventName && value !== undefined) system[eventName] = value;
  }
  system['iothub-connection-device-id'] = session.deviceId;
  if (session.moduleId !== undefined) system['iothub-connection-module-id'] = session.moduleId;
  system['iothub-connection-auth-method'] = session.auth.authMethod;
  system['iothub-connection-auth-generation-id'] = session.auth.identity.record.generationId;
  system['iothub-enqueuedtime'] = hubTime(now);
  system['iothub-message-source'] = 'Telemetry';
  if (session.auth.modelId) system['dt-dataschema'] = session.auth.modelId;
  const event = ctx.store.events.append({
    deviceId: session.deviceId,
    moduleId: session.moduleId ?? null,
    enqueuedMs: now,
    body: payload,
    properties: application,
    systemProperties: system,
  });
  ctx.bus.emit('telemetry', event);
  return event;
}

/** Keeps the events log within its bounds: count on every append, age on a timer. */
export function startRetention(
  ctx: HubContext,
  retention: { maxCount: number; maxAgeSeconds: number },
): () => void {
  const pruneAge = () => {
    if (!ctx.store.closed) ctx.store.events.pruneAge(retention.maxAgeSeconds * 1000, Date.now());
  };
  const onEvent = () => {
    if (!ctx.store.closed) ctx.store.events.pruneCount(retention.maxCount);
  };
  ctx.bus.on('telemetry', onEvent);
  const timer = setInterval(pruneAge, Math.min(30_000, retention.maxAgeSeconds * 1000));
  timer.unref();
  pruneAge();
  ctx.store.events.pruneCount(retention.maxCount);
  return () => {
    clearInterval(timer);
    ctx.bus.off('telemetry', onEvent);
  };
}

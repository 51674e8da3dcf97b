// Device-to-cloud telemetry (spec §3.1): the property bag becomes application and system
// properties, the hub stamps its own, and the event is in SQLite before the PUBACK.

import { MAX_TELEMETRY_BYTES } from '../../src/iothub/limits.ts';
import type { MessageProperties, SystemPropertyName } from '../../src/iothub/property-bag.ts';
import type { HubContext } from '../context.ts';
import type { LinkIdentity, TelemetryFlags } from '../link/device-link.ts';
import type { NewEvent, StoredEvent } from '../store/events-store.ts';
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

/** The event as the hub stores it: application properties plus the hub's stamps (§3.1). */
export function telemetryEvent(
  session: LinkIdentity,
  payload: Buffer,
  props: MessageProperties,
  flags: TelemetryFlags = {},
): NewEvent {
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
  return {
    deviceId: session.deviceId,
    moduleId: session.moduleId ?? null,
    enqueuedMs: now,
    body: payload,
    properties: application,
    systemProperties: system,
  };
}

/** Most events written in one transaction; a full batch is written at once. */
export const MAX_BATCH = 256;

export type TelemetryRetention = { maxCount: number; maxAgeSeconds: number };

/**
 * The events log writer. Events that arrive in one event-loop turn (up to MAX_BATCH) are written
 * in one SQLite transaction on setImmediate; each `stored` callback runs only after that commit,
 * and aedes sends the PUBACK from it, so an acknowledged event is in the log, also after a crash
 * (WAL). A failed commit fails every callback of the batch: no PUBACK, the connection is closed.
 * Retention: the count bound in the same transaction, the age bound on a timer.
 */
export function createTelemetryLog(ctx: HubContext, retention: TelemetryRetention) {
  let batch: { event: NewEvent; stored: (error: Error | null) => void }[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    const items = batch;
    batch = [];
    if (items.length === 0) return;
    let stored: StoredEvent[];
    try {
      if (ctx.store.closed) throw new Error('the hub is closing');
      stored = ctx.store.events.appendBatch(
        items.map((i) => i.event),
        retention.maxCount,
      );
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      ctx.log(`telemetry: ${items.length} event(s) not stored: ${error.message}`);
      for (const item of items) item.stored(error);
      return;
    }
    // Committed: tell the listeners (SSE) in sequence order, then release the PUBACKs.
    for (let i = 0; i < items.length; i++) {
      try {
        ctx.bus.emit('telemetry', stored[i] as StoredEvent);
      } catch (e) {
        ctx.log(`telemetry listener failed: ${String(e)}`);
      }
      items[i]?.stored(null);
    }
  };

  const pruneAge = () => {
    if (!ctx.store.closed) ctx.store.events.pruneAge(retention.maxAgeSeconds * 1000, Date.now());
  };
  const timer = setInterval(pruneAge, Math.min(30_000, retention.maxAgeSeconds * 1000));
  timer.unref();
  pruneAge();
  ctx.store.events.pruneCount(retention.maxCount);

  return {
    /** Queues an event; `stored` runs once it is committed (null) or failed (the error). */
    record(event: NewEvent, stored: (error: Error | null) => void): void {
      batch.push({ event, stored });
      if (batch.length >= MAX_BATCH) flush();
      else scheduled ??= setImmediate(flush);
    },
    /** Writes what is queued now (before the database closes). */
    flush,
    close(): void {
      clearInterval(timer);
      flush();
    },
  };
}

export type TelemetryLog = ReturnType<typeof createTelemetryLog>;

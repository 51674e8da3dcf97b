// The built-in Event Hubs-compatible endpoint (Microsoft Learn, "Read device-to-cloud messages
// from the built-in endpoint"; "Create and read IoT Hub messages", system properties): partition
// receivers on `{hub}/ConsumerGroups/{group}/Partitions/{n}` read the SAME SQLite log as
// /emulator/events (store/events-store.ts), so retention and crash safety hold for both, and
// live events reach open receivers as soon as they are committed.

import rhea, { type Message, type Sender } from 'rhea';

import type { HubContext } from '../context.ts';
import type { StoredEvent } from '../store/events-store.ts';

import { startPosition } from './event-position.ts';
import { amqpError, remoteAttach, type LinkHandler } from './links.ts';
import { dataBody } from './message.ts';
import { partitionOf } from './partitions.ts';

export type EventHubInfo = { name: string; partitionCount: number; createdMs: number };

const PAGE = 256;

/** Stored system property → AMQP message property (the rest become message annotations). */
const AMQP_PROPERTIES: Record<string, keyof Message> = {
  'message-id': 'message_id',
  'correlation-id': 'correlation_id',
  'user-id': 'user_id',
  to: 'to',
  'content-type': 'content_type',
  'content-encoding': 'content_encoding',
  'absolute-expiry-time': 'absolute_expiry_time',
};
const TIMESTAMPS = new Set(['iothub-enqueuedtime', 'iothub-creation-time-utc']);

/** An event as the built-in endpoint delivers it. `x-opt-offset` is a string (Event Hubs). */
export function eventMessage(e: StoredEvent): Message {
  const message: Record<string, unknown> = {};
  const annotations: Record<string, unknown> = {
    'x-opt-sequence-number': rhea.types.wrap_long(e.sequenceNumber),
    'x-opt-offset': String(e.sequenceNumber),
    'x-opt-enqueued-time': new Date(e.enqueuedMs),
  };
  for (const [name, value] of Object.entries(e.systemProperties)) {
    const field = AMQP_PROPERTIES[name];
    if (field === 'absolute_expiry_time') message[field] = new Date(value);
    else if (field === 'user_id') message[field] = Buffer.from(value);
    else if (field) message[field] = value;
    else if (TIMESTAMPS.has(name) && !Number.isNaN(Date.parse(value)))
      annotations[name] = new Date(Date.parse(value));
    else annotations[name] = value;
  }
  return {
    ...message,
    message_annotations: annotations,
    application_properties: { ...e.properties },
    body: dataBody(e.body),
  } as Message;
}

/** Validates a partition address; returns an AMQP error description when it names nothing. */
export function checkPartition(
  ctx: HubContext,
  hub: EventHubInfo,
  a: { eventHub: string; consumerGroup: string; partition: string },
): { condition: string; description: string } | undefined {
  if (a.eventHub.toLowerCase() !== hub.name.toLowerCase())
    return amqpError('amqp:not-found', `No event hub '${a.eventHub}' here; it is '${hub.name}'`);
  if (!ctx.store.consumerGroups.has(a.consumerGroup))
    return amqpError('amqp:not-found', `Consumer group '${a.consumerGroup}' does not exist`);
  const p = Number(a.partition);
  if (!/^\d+$/.test(a.partition) || p >= hub.partitionCount)
    return amqpError(
      'com.microsoft:argument-out-of-range',
      `Partition '${a.partition}' does not exist; valid ids are 0 to ${hub.partitionCount - 1}`,
    );
  return undefined;
}

export function partitionReceiverLink(
  ctx: HubContext,
  hub: EventHubInfo,
  partition: number,
  link: Sender,
  authorized: () => boolean,
): LinkHandler | { error: { condition: string; description: string } } {
  const source = remoteAttach(link).source;
  let cursor: number;
  try {
    const start = startPosition(source?.filter);
    if (start.kind === 'latest') cursor = ctx.store.events.maxSeq();
    else if (start.kind === 'after-sequence') cursor = start.sequence;
    else {
      const first = ctx.store.events.firstAfterTime(start.inclusive ? start.ms - 1 : start.ms);
      cursor = first === undefined ? ctx.store.events.maxSeq() : first - 1;
    }
  } catch (e) {
    return { error: amqpError('amqp:invalid-field', (e as Error).message) };
  }
  const pump = () => {
    while (link.is_open() && link.sendable() && !ctx.store.closed) {
      const page = ctx.store.events.list({ after: cursor, limit: PAGE });
      if (page.length === 0) return;
      for (const e of page) {
        if (!link.sendable()) return;
        cursor = e.sequenceNumber;
        if (partitionOf(e.deviceId, hub.partitionCount) === partition) link.send(eventMessage(e));
      }
    }
  };
  const onTelemetry = () => pump();
  ctx.bus.on('telemetry', onTelemetry);
  return {
    authorized,
    onSendable: pump,
    // Event Hubs deliveries are pre-settled; outcomes need no bookkeeping.
    onClose: () => ctx.bus.off('telemetry', onTelemetry),
  };
}

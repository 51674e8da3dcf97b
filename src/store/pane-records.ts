/**
 * Every list pane's items as journal records (journal.ts), so one filter (journal-filter.ts), one
 * set of copy actions and one export (journal-export.ts, journal-csv.ts) serve them all (issue 8:
 * "every list pane ... the same way"). C2D and the journal view list records already; the sent
 * telemetry, twin logs, method invocations and the hub's received telemetry keep their own shapes
 * and are adapted here. What to copy from a record is here too. Pure.
 */
import type {
  DesiredUpdate,
  MethodRequest,
  MethodResponse,
  TwinRequestUpdate,
} from '../device/session-types.ts';
import type { HubEvent } from '../iothub/emulator-api.ts';
import { base64ToBytes, bytesToBase64 } from '../iothub/encoding.ts';
import type { MessageProperties, SystemPropertyName } from '../iothub/property-bag.ts';
import {
  methodRequestTopic,
  twinDesiredTopic,
  twinGetTopic,
  twinReportedTopic,
} from '../iothub/topics.ts';

import { recordToJson } from './journal-export.ts';
import { utf8Bytes, type JournalRecord } from './journal.ts';
import type { SentTelemetry } from './telemetry-slice.ts';

const EMPTY = new Uint8Array(0);

export function sentTelemetryRecord(t: SentTelemetry, identity: string): JournalRecord {
  return {
    seq: 0,
    identity,
    direction: 'out',
    kind: 'telemetry',
    at: t.createdAt,
    topic: t.topic,
    properties: t.properties,
    body: typeof t.body === 'string' ? utf8Bytes(t.body) : t.body,
    state: t.state,
    rid: t.id,
    ...(t.state === 'acknowledged' ? { ackAt: t.updatedAt } : {}),
    ...(t.latencyMs !== undefined ? { latencyMs: t.latencyMs } : {}),
    ...(t.error !== undefined ? { note: t.error } : {}),
  };
}

export function desiredRecord(u: DesiredUpdate, identity: string): JournalRecord {
  return {
    seq: 0,
    identity,
    direction: 'in',
    kind: 'desired',
    at: u.at,
    topic: twinDesiredTopic(u.version),
    body: utf8Bytes(JSON.stringify(u.patch)),
    label: `$version ${u.version}`,
    state: u.outcome,
    ...(u.reason !== undefined ? { note: u.reason } : {}),
  };
}

export function twinRequestRecord(r: TwinRequestUpdate, identity: string): JournalRecord {
  return {
    seq: 0,
    identity,
    direction: 'out',
    kind: 'twin',
    at: r.sentAt,
    topic: r.kind === 'get' ? twinGetTopic(r.rid) : twinReportedTopic(r.rid),
    body: r.body !== undefined ? utf8Bytes(r.body) : EMPTY,
    rid: r.rid,
    label: r.kind,
    ...(r.status !== undefined ? { status: r.status, ackAt: r.sentAt + (r.latencyMs ?? 0) } : {}),
    ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
    ...(r.error !== undefined ? { note: r.error } : {}),
  };
}

export function invocationRecord(
  i: MethodRequest & { response?: MethodResponse; error?: string },
  identity: string,
): JournalRecord {
  return {
    seq: 0,
    identity,
    direction: 'in',
    kind: 'method',
    at: i.receivedAt,
    topic: methodRequestTopic(i.name, i.rid),
    body: utf8Bytes(i.payload),
    rid: i.rid,
    label: i.name,
    ...(i.response
      ? {
          status: i.response.status,
          ackAt: i.response.at,
          latencyMs: i.response.latencyMs,
          state: 'answered',
        }
      : { state: 'waiting' }),
    ...(i.error !== undefined ? { note: i.error } : {}),
  };
}

/** The stored system properties (AMQP names) that IoT Hub message properties have names for. */
const HUB_SYSTEM: Record<string, SystemPropertyName> = {
  'message-id': 'messageId',
  'correlation-id': 'correlationId',
  'user-id': 'userId',
  to: 'to',
  'content-type': 'contentType',
  'content-encoding': 'contentEncoding',
  'iothub-creation-time-utc': 'creationTimeUtc',
  'iothub-connection-device-id': 'connectionDeviceId',
  'iothub-connection-module-id': 'connectionModuleId',
};

/** Telemetry as the hub received it; the other stamped properties go in `note` (searchable). */
export function hubEventRecord(e: HubEvent, identity: string): JournalRecord {
  const properties: MessageProperties = { system: {}, application: { ...e.properties } };
  const rest: string[] = [`sequence ${e.sequenceNumber}`];
  for (const [key, value] of Object.entries(e.systemProperties)) {
    const name = HUB_SYSTEM[key];
    if (name) properties.system[name] = value;
    else rest.push(`${key}=${value}`);
  }
  const at = Date.parse(e.enqueuedTime);
  return {
    seq: e.sequenceNumber,
    identity,
    direction: 'in',
    kind: 'telemetry',
    at: Number.isFinite(at) ? at : 0,
    properties,
    body: base64ToBytes(e.bodyBase64) ?? (e.body !== null ? utf8Bytes(e.body) : EMPTY),
    ackAt: Number.isFinite(at) ? at : 0,
    label: 'received by the hub',
    note: rest.join(' · '),
  };
}

// ---- What a row's menu copies ----

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text when it is UTF-8, else base64 (what a clipboard can carry losslessly). */
export function bodyCopy(body: Uint8Array): { text: string; encoding: 'utf-8' | 'base64' } {
  try {
    return { text: strictUtf8.decode(body), encoding: 'utf-8' };
  } catch {
    return { text: bytesToBase64(body), encoding: 'base64' };
  }
}

/** System properties by name and application properties, as JSON. */
export function propertiesCopy(r: JournalRecord): string {
  const p = r.properties ?? { system: {}, application: {} };
  return JSON.stringify({ system: p.system, application: p.application }, null, 2);
}

/** The record as one NDJSON line of an export (docs/journal-format.md). */
export const recordJsonCopy = (r: JournalRecord): string => JSON.stringify(recordToJson(r));

export type RecordCopy = { label: string; text: () => string };

/** The row menu's entries: copy body, topic, properties, the whole record as JSON. */
export function recordCopies(r: JournalRecord): RecordCopy[] {
  const binary = bodyCopy(r.body).encoding === 'base64';
  return [
    { label: binary ? 'Copy body (base64)' : 'Copy body', text: () => bodyCopy(r.body).text },
    ...(r.topic !== undefined ? [{ label: 'Copy topic', text: () => r.topic as string }] : []),
    { label: 'Copy properties', text: () => propertiesCopy(r) },
    { label: 'Copy as JSON', text: () => recordJsonCopy(r) },
  ];
}

// Validation of one record line of a journal export (journal-export.ts): every field checked for
// its type, errors naming the field. Fields a reader does not know are ignored, so a later
// version 1 writer may add optional fields. Pure.
import type { MessageProperties, SystemPropertyName } from '../iothub/property-bag.ts';
import { SYSTEM_PROPERTY_WIRE_KEYS } from '../iothub/property-bag.ts';
import { err, ok, type Result } from '../iothub/result.ts';

import type { JournalDirection, JournalKind, JournalRecord } from './journal.ts';

const DIRECTIONS: readonly JournalDirection[] = ['in', 'out', 'local'];
export const JOURNAL_KINDS: readonly JournalKind[] = [
  'telemetry',
  'c2d',
  'twin',
  'desired',
  'method',
  'connection',
  'protocol',
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown, what: string): Result<Record<string, string>> {
  if (!isObject(v)) return err(`"${what}" must be an object`);
  for (const [k, value] of Object.entries(v))
    if (typeof value !== 'string') return err(`"${what}.${k}" must be a string`);
  // Object.fromEntries: a "__proto__" property name stays an ordinary key.
  return ok(Object.fromEntries(Object.entries(v)) as Record<string, string>);
}

function properties(v: unknown): Result<MessageProperties> {
  if (!isObject(v)) return err('"properties" must be an object with "system" and "application"');
  const system = stringMap(v.system, 'properties.system');
  if (!system.ok) return system;
  for (const name of Object.keys(system.value))
    if (!(name in SYSTEM_PROPERTY_WIRE_KEYS))
      return err(`"properties.system.${name}" is not an IoT Hub system property`);
  const application = stringMap(v.application, 'properties.application');
  if (!application.ok) return application;
  return ok({
    system: system.value as Partial<Record<SystemPropertyName, string>>,
    application: application.value,
  });
}

const OPTIONAL_STRINGS = ['topic', 'state', 'rid', 'label', 'note'] as const;
const OPTIONAL_NUMBERS = ['ackAt', 'latencyMs'] as const;

export function recordFromJson(
  v: unknown,
  base64: (text: string) => Result<Uint8Array>,
): Result<JournalRecord> {
  if (!isObject(v)) return err('a record must be a JSON object');
  if (typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 0)
    return err('"seq" must be a whole number from 0');
  if (typeof v.identity !== 'string') return err('"identity" must be a string');
  if (!DIRECTIONS.includes(v.direction as JournalDirection))
    return err(`"direction" must be one of ${DIRECTIONS.join(', ')}`);
  if (!JOURNAL_KINDS.includes(v.kind as JournalKind))
    return err(`"kind" must be one of ${JOURNAL_KINDS.join(', ')}`);
  if (typeof v.at !== 'number' || !Number.isFinite(v.at))
    return err('"at" must be a time in ms since the epoch');
  if (typeof v.body !== 'string') return err('"body" must be the body as base64');
  const body = base64(v.body);
  if (!body.ok) return err(`"body": ${body.error}`);
  const record: JournalRecord = {
    seq: v.seq,
    identity: v.identity,
    direction: v.direction as JournalDirection,
    kind: v.kind as JournalKind,
    at: v.at,
    body: body.value,
  };
  for (const key of OPTIONAL_STRINGS) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'string') return err(`"${key}" must be a string`);
    record[key] = v[key];
  }
  for (const key of OPTIONAL_NUMBERS) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'number' || !Number.isFinite(v[key]))
      return err(`"${key}" must be a number`);
    record[key] = v[key];
  }
  if (v.status !== undefined) {
    if (typeof v.status !== 'number' || !Number.isInteger(v.status))
      return err('"status" must be a whole number');
    record.status = v.status;
  }
  if (v.properties !== undefined) {
    const p = properties(v.properties);
    if (!p.ok) return p;
    record.properties = p.value;
  }
  return ok(record);
}

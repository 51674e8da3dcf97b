// Splits a connection string into its fields with precise errors (spec §2). Shared by the
// device and service parsers in connection-string.ts.

import { base64ToBytes } from './encoding.ts';
import { err, ok, type Result } from './result.ts';

export type ConnectionStringError = { field?: string; message: string };

export const KNOWN_KEYS = [
  'HostName',
  'DeviceId',
  'ModuleId',
  'SharedAccessKey',
  'SharedAccessKeyName',
  'SharedAccessSignature',
  'GatewayHostName',
  'x509',
] as const;
export type KnownKey = (typeof KNOWN_KEYS)[number];
export type Fields = Partial<Record<KnownKey, string>>;

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

function unknownKeyMessage(key: string): string {
  const lower = key.toLowerCase();
  const sameCase = KNOWN_KEYS.find((k) => k.toLowerCase() === lower);
  if (sameCase) return `Unknown key '${key}': keys are case-sensitive, did you mean ${sameCase}?`;
  const near = KNOWN_KEYS.find((k) => editDistance(k.toLowerCase(), lower) <= 2);
  if (near) return `Unknown key '${key}': did you mean ${near}?`;
  return `Unknown key '${key}': a device connection string has ${KNOWN_KEYS.join(', ')}`;
}

function unquote(text: string): string {
  const t = text.trim();
  const first = t[0];
  if (t.length >= 2 && (first === '"' || first === "'") && t.endsWith(first)) {
    return t.slice(1, -1).trim();
  }
  return t;
}

/**
 * Splits `Key=Value;...` (spec §2): each segment on its FIRST '=', whitespace and surrounding
 * quotes trimmed, empty segments (e.g. a trailing ';') skipped. Unknown, duplicated or empty
 * keys are errors (Node silently keeps the last duplicate; we say so instead).
 */
export function splitConnectionString(input: string): Result<Fields, ConnectionStringError> {
  const text = unquote(input);
  if (text === '') return err({ message: 'The connection string is empty' });
  const fields: Fields = {};
  for (const segment of text.split(';')) {
    const part = segment.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      return err({ message: `'${part}' is not Key=Value (segments are separated by ';')` });
    }
    const key = part.slice(0, eq).trim();
    const value = unquote(part.slice(eq + 1));
    if (key === '') return err({ message: `'${part}' has a value but no key` });
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      return err({ field: key, message: unknownKeyMessage(key) });
    }
    const known = key as KnownKey;
    if (fields[known] !== undefined) {
      return err({ field: key, message: `${key} appears more than once` });
    }
    if (value === '') return err({ field: key, message: `${key} is empty` });
    fields[known] = value;
  }
  return ok(fields);
}

export function missing(field: KnownKey, why: string): Result<never, ConnectionStringError> {
  return err({ field, message: `${field} is missing: ${why}` });
}

export function checkBase64Key(
  field: KnownKey,
  value: string,
): Result<string, ConnectionStringError> {
  if (base64ToBytes(value)) return ok(value);
  return err({
    field,
    message: `${field} is not base64: copy the whole key, including any trailing '='`,
  });
}

// IDs: ≤128 ASCII alphanumerics and - : . + % _ # * ? ! ( ) , = @ ; $ ' (spec §1.2).
const ID = /^[A-Za-z0-9\-:.+%_#*?!(),=@;$']+$/;

export function checkId(field: KnownKey, value: string): Result<string, ConnectionStringError> {
  if (value.length > 128) {
    return err({ field, message: `${field} is ${value.length} characters; IoT Hub allows 128` });
  }
  const bad = [...value].find((c) => !ID.test(c));
  if (bad !== undefined) {
    return err({
      field,
      message: `${field} contains '${bad}', which IoT Hub does not allow in IDs`,
    });
  }
  return ok(value);
}

/** HostName must be a bare host: the SDKs put it in the username and `sr` (spec §0.3, §2). */
export function checkHost(
  field: KnownKey,
  value: string,
  allowPort: boolean,
): Result<string, ConnectionStringError> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return err({
      field,
      message: `${field} must be a bare host name, without '${value.split('//')[0]}//'`,
    });
  }
  if (value.includes('/')) return err({ field, message: `${field} must not contain a path ('/')` });
  const port = /:(\d*)$/.exec(value);
  if (port && !allowPort) {
    return err({
      field,
      message: `${field} cannot carry a port; to reach a gateway or emulator on another port, set GatewayHostName=host:port`,
    });
  }
  if (port && !/^\d{1,5}$/.test(port[1] ?? '')) {
    return err({ field, message: `${field} has an invalid port` });
  }
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(value)) {
    return err({ field, message: `${field} '${value}' is not a valid host name` });
  }
  return ok(value);
}

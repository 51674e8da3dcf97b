// Message property bags in telemetry and C2D topics (spec §3.1, §3.2): `k=v&k=v`, both sides
// encodeURIComponent'd like Node (so `$.mid` goes out as `%24.mid`), system properties first.

import { safeDecodeURIComponent } from './encoding.ts';

export type SystemPropertyName =
  | 'messageId'
  | 'correlationId'
  | 'userId'
  | 'to'
  | 'expiryTimeUtc'
  | 'contentType'
  | 'contentEncoding'
  | 'creationTimeUtc'
  | 'outputName'
  | 'interfaceId'
  | 'componentName'
  | 'messageSchema'
  | 'diagId'
  | 'diagCorrelationContext'
  | 'connectionDeviceId'
  | 'connectionModuleId';

/** Wire keys of system properties (spec §3.1 table), in the order encodePropertyBag writes them. */
export const SYSTEM_PROPERTY_WIRE_KEYS: Record<SystemPropertyName, string> = {
  messageId: '$.mid',
  correlationId: '$.cid',
  userId: '$.uid',
  to: '$.to',
  expiryTimeUtc: '$.exp',
  contentType: '$.ct',
  contentEncoding: '$.ce',
  creationTimeUtc: '$.ctime',
  outputName: '$.on',
  interfaceId: '$.ifid',
  componentName: '$.sub',
  messageSchema: '$.schema',
  diagId: '$.diagid',
  diagCorrelationContext: '$.diagctx',
  connectionDeviceId: '$.cdid',
  connectionModuleId: '$.cmid',
};

const SYSTEM_NAMES = Object.keys(SYSTEM_PROPERTY_WIRE_KEYS) as SystemPropertyName[];
const BY_WIRE_KEY = new Map(SYSTEM_NAMES.map((name) => [SYSTEM_PROPERTY_WIRE_KEYS[name], name]));

export type MessageProperties = {
  system: Partial<Record<SystemPropertyName, string>>;
  /** Application properties. Keys equal to a system wire key (e.g. `$.mid`) are reserved. */
  application: Record<string, string>;
};

export function emptyProperties(): MessageProperties {
  return { system: {}, application: {} };
}

function pair(key: string, value: string): string {
  return `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
}

/** Encodes a property bag, '' when empty; system properties first, then application (§3.1). */
export function encodePropertyBag(p: MessageProperties): string {
  const parts: string[] = [];
  for (const name of SYSTEM_NAMES) {
    const value = p.system[name];
    if (value !== undefined) parts.push(pair(SYSTEM_PROPERTY_WIRE_KEYS[name], value));
  }
  for (const [key, value] of Object.entries(p.application)) parts.push(pair(key, value));
  return parts.join('&');
}

/**
 * Decodes a property bag tolerantly (spec §3.1, §3.2): a bare `key` means '', one trailing '/'
 * (Node's sendOutputEvent) is stripped, malformed escapes are kept raw, the last duplicate wins.
 */
export function decodePropertyBag(bag: string): MessageProperties {
  const body = bag.endsWith('/') ? bag.slice(0, -1) : bag;
  const system: Partial<Record<SystemPropertyName, string>> = {};
  const application = new Map<string, string>();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecodeURIComponent(part.slice(eq + 1));
    const name = BY_WIRE_KEY.get(key);
    if (name) system[name] = value;
    else application.set(key, value);
  }
  // fromEntries defines own properties, so a key like '__proto__' stays data.
  return { system, application: Object.fromEntries(application) };
}

// Device HTTPS messages as IoT Hub carries them in headers (Microsoft Learn, "Send device-to-cloud
// messages" REST reference and "Create and read IoT Hub messages", section "System properties of
// D2C IoT Hub messages"): request headers → telemetry properties, a batch body → messages, and a
// C2D message → response headers.

import type { IncomingHttpHeaders } from 'node:http';

import type { MessageProperties, SystemPropertyName } from '../../src/iothub/property-bag.ts';
import { RegistryError } from '../registry.ts';
import type { StoredC2d } from '../store/c2d-store.ts';
import { hubTime } from '../time.ts';

const APP_PREFIX = 'iothub-app-';

/** Header (lower case) → system property. `dt-subject` is sent without prefix (Node SDK http.ts). */
const SYSTEM_HEADERS: Record<string, SystemPropertyName> = {
  'iothub-messageid': 'messageId',
  'iothub-correlationid': 'correlationId',
  'iothub-userid': 'userId',
  'iothub-expiry': 'expiryTimeUtc',
  'iothub-contenttype': 'contentType',
  'iothub-contentencoding': 'contentEncoding',
  'iothub-interface-id': 'interfaceId',
  'iothub-creation-time-utc': 'creationTimeUtc',
  'dt-subject': 'componentName',
};

/** Properties from header-like pairs: `iothub-app-*` are application properties, the known
 *  `iothub-*` ones system properties; the rest (User-Agent, Authorization...) are transport. */
export function propertiesFrom(
  pairs: Iterable<[string, string | string[] | undefined]>,
  deviceEventsPath: string,
): MessageProperties {
  const p: MessageProperties = { system: {}, application: {} };
  for (const [rawName, rawValue] of pairs) {
    const value = Array.isArray(rawValue) ? rawValue.join(',') : rawValue;
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    if (name.startsWith(APP_PREFIX)) {
      p.application[rawName.slice(APP_PREFIX.length)] = value;
    } else if (SYSTEM_HEADERS[name]) {
      p.system[SYSTEM_HEADERS[name]] = value;
    } else if (name === 'iothub-to' && value !== deviceEventsPath) {
      // The Node SDK sends `iothub-to: <events path>` as addressing on every request; only a
      // different value is the message's own `to`.
      p.system.to = value;
    }
  }
  return p;
}

export const headerPairs = (headers: IncomingHttpHeaders) => Object.entries(headers);

/** Content type of a batch send: `application/vnd.microsoft.iothub.json` (Node SDK http.ts). */
export const isBatch = (headers: IncomingHttpHeaders): boolean =>
  (headers['content-type'] ?? '').toLowerCase().startsWith('application/vnd.microsoft.iothub.json');

/** Parses a batch body `[{"body":"<base64>","properties":{...}}, ...]`. */
export function parseBatch(
  raw: Buffer,
  deviceEventsPath: string,
): { payload: Buffer; properties: MessageProperties }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new RegistryError('ArgumentInvalid', 'The batch body is not valid JSON.');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new RegistryError(
      'ArgumentInvalid',
      'A batch is a non-empty JSON array of {"body": "<base64>", "properties": {...}}.',
    );
  }
  return parsed.map((item: unknown, i) => {
    const m = item as { body?: unknown; properties?: unknown } | null;
    if (typeof m?.body !== 'string') {
      throw new RegistryError('ArgumentInvalid', `Batch message ${i} has no base64 "body".`);
    }
    const props = m.properties ?? {};
    if (
      typeof props !== 'object' ||
      props === null ||
      Object.values(props).some((v) => typeof v !== 'string')
    ) {
      throw new RegistryError(
        'ArgumentInvalid',
        `Batch message ${i}: "properties" must map names to strings.`,
      );
    }
    return {
      payload: Buffer.from(m.body, 'base64'),
      properties: propertiesFrom(Object.entries(props as Record<string, string>), deviceEventsPath),
    };
  });
}

/** Response headers of a received C2D message (the Node SDK's HTTP toMessage reads `etag` as the
 *  lock token, `iothub-messageid`, `-to`, `-expiry`, `-correlationid`, and `iothub-app-*`). */
export function c2dHeaders(m: StoredC2d, lockToken: string): Record<string, string> {
  const s = m.system;
  const headers: Record<string, string> = {
    etag: `"${lockToken}"`,
    'iothub-sequencenumber': String(m.seq),
    'iothub-enqueuedtime': hubTime(m.enqueuedMs),
    'iothub-deliverycount': String(m.deliveryCount),
  };
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined) headers[name] = value;
  };
  put('iothub-messageid', s.messageId);
  put('iothub-to', s.to);
  put('iothub-expiry', s.expiryTimeUtc);
  put('iothub-correlationid', s.correlationId);
  put('iothub-userid', s.userId);
  // Only when the sender asked for feedback, as on MQTT (features/c2d.ts).
  put('iothub-ack', s.ack);
  put('iothub-contenttype', s.contentType);
  put('iothub-contentencoding', s.contentEncoding);
  for (const [name, value] of Object.entries(m.properties)) headers[`${APP_PREFIX}${name}`] = value;
  return headers;
}

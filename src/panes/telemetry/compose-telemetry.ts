// From the composer's draft to a body and property bag, refused before sending when invalid.
import { rowsToRecord } from '../../components/key-value-rows.tsx';
import { MAX_TELEMETRY_BYTES } from '../../iothub/limits.ts';
import type { MessageProperties } from '../../iothub/property-bag.ts';
import { telemetryTopic, type Identity } from '../../iothub/topics.ts';
import type { BodyFormat, TelemetryDraft } from '../../store/draft-types.ts';

export type { BodyFormat, TelemetryDraft };

/**
 * What each body format is sent as unless the user typed their own: IoT Hub routes on $body only
 * when the message says application/json in UTF-8 (Azure IoT Hub message routing docs), so JSON
 * must say so.
 */
export const FORMAT_CONTENT: Record<BodyFormat, { type: string; encoding: string }> = {
  json: { type: 'application/json', encoding: 'utf-8' },
  text: { type: 'text/plain', encoding: 'utf-8' },
};

export function effectiveContentType(d: TelemetryDraft): string {
  return d.contentTypeSet ? d.contentType : FORMAT_CONTENT[d.format].type;
}

export function effectiveContentEncoding(d: TelemetryDraft): string {
  return d.contentEncodingSet ? d.contentEncoding : FORMAT_CONTENT[d.format].encoding;
}

export function draftProperties(
  d: TelemetryDraft,
  messageId: string | undefined,
): MessageProperties {
  const system: MessageProperties['system'] = {};
  if (messageId) system.messageId = messageId;
  if (d.correlationId.trim()) system.correlationId = d.correlationId.trim();
  const contentType = effectiveContentType(d).trim();
  const contentEncoding = effectiveContentEncoding(d).trim();
  if (contentType) system.contentType = contentType;
  if (contentEncoding) system.contentEncoding = contentEncoding;
  return { system, application: rowsToRecord(d.properties) };
}

/** Why this draft cannot be sent, or undefined when it can. */
export function draftProblem(d: TelemetryDraft, id: Identity | undefined): string | undefined {
  if (d.format === 'json') {
    try {
      JSON.parse(d.body);
    } catch (e) {
      return `Invalid JSON: ${(e as Error).message}. Fix it or switch the body to text.`;
    }
  }
  const topic = telemetryTopic(id ?? { deviceId: 'x' }, draftProperties(d, d.messageId || 'x'));
  const bytes = new TextEncoder().encode(d.body + topic).length;
  if (bytes > MAX_TELEMETRY_BYTES) {
    return `Too large: ${bytes} bytes; IoT Hub accepts at most ${MAX_TELEMETRY_BYTES} bytes (256 KB) per message, properties included.`;
  }
  return undefined;
}

// From the composer's draft to a body and property bag, refused before sending when invalid.
import { rowsToRecord } from '../../components/key-value-rows.tsx';
import type { EncodedBody } from '../../components/use-encoded-body.ts';
import {
  effectiveContentEncoding,
  effectiveContentType,
  FORMAT_CONTENT,
} from '../../iothub/decoders/send-formats.ts';
import { MAX_TELEMETRY_BYTES } from '../../iothub/limits.ts';
import type { MessageProperties } from '../../iothub/property-bag.ts';
import { telemetryTopic, type Identity } from '../../iothub/topics.ts';
import type { BodyFormat, TelemetryDraft } from '../../store/draft-types.ts';

export type { BodyFormat, TelemetryDraft };

export { FORMAT_CONTENT, effectiveContentEncoding, effectiveContentType };

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

/**
 * Why this draft cannot be sent, or undefined when it can. `encoded` is the body as it will go
 * out (components/use-encoded-body.ts): its error names the format and where the input is wrong.
 */
export function draftProblem(
  d: TelemetryDraft,
  id: Identity | undefined,
  encoded: EncodedBody,
): string | undefined {
  if (d.format === 'json') {
    try {
      JSON.parse(d.body);
    } catch (e) {
      return `Invalid JSON: ${(e as Error).message}. Fix it or switch the body to text.`;
    }
  }
  if (encoded.state === 'error') return `${encoded.error}. Fix it or switch the body format.`;
  const topic = telemetryTopic(id ?? { deviceId: 'x' }, draftProperties(d, d.messageId || 'x'));
  const body = encoded.state === 'ok' ? encoded.bytes : new TextEncoder().encode(d.body).length;
  const bytes = body + new TextEncoder().encode(topic).length;
  if (bytes > MAX_TELEMETRY_BYTES) {
    return `Too large: ${bytes} bytes; IoT Hub accepts at most ${MAX_TELEMETRY_BYTES} bytes (256 KB) per message, properties included.`;
  }
  return undefined;
}

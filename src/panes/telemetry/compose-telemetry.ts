// From the composer's fields to a body and property bag, refused before sending when invalid.
import { MAX_TELEMETRY_BYTES } from '../../iothub/limits.ts';
import type { MessageProperties } from '../../iothub/property-bag.ts';
import { telemetryTopic, type Identity } from '../../iothub/topics.ts';

export type BodyFormat = 'json' | 'text';

export type TelemetryDraft = {
  body: string;
  format: BodyFormat;
  autoMessageId: boolean;
  messageId: string;
  correlationId: string;
  contentType: string;
  contentEncoding: string;
  application: Record<string, string>;
};

export function newMessageId(): string {
  const c = globalThis.crypto;
  return typeof c?.randomUUID === 'function'
    ? c.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function draftProperties(
  d: TelemetryDraft,
  messageId: string | undefined,
): MessageProperties {
  const system: MessageProperties['system'] = {};
  if (messageId) system.messageId = messageId;
  if (d.correlationId.trim()) system.correlationId = d.correlationId.trim();
  if (d.contentType.trim()) system.contentType = d.contentType.trim();
  if (d.contentEncoding.trim()) system.contentEncoding = d.contentEncoding.trim();
  return { system, application: d.application };
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

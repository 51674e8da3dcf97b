// Reading and writing the AMQP message fields IoT Hub uses (Microsoft Learn, "Create and read IoT
// Hub messages", system properties table). Bodies sent to clients are data sections: the Node SDKs
// read `body.content`, which an amqp-value body does not have.

import rhea, { type Message } from 'rhea';

/** The body as bytes, whatever section it came in (data, amqp-value string or JSON-able value). */
export function bodyBytes(message: Message): Buffer {
  const body: unknown = message.body;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  const section = body as { typecode?: number; content?: unknown; multiple?: boolean };
  if (section.typecode === 0x75) {
    const content = section.content;
    if (Buffer.isBuffer(content)) return content;
    if (section.multiple && Array.isArray(content))
      return Buffer.concat(content.filter((c): c is Buffer => Buffer.isBuffer(c)));
  }
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/** A text body (put-token carries the SAS token as an amqp-value string). */
export const bodyText = (message: Message): string => bodyBytes(message).toString('utf8');

/** message-id / correlation-id as text: uuids arrive as 16-byte buffers. */
export function idText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value))
    return value.length === 16 ? rhea.uuid_to_string(value) : value.toString('utf8');
  return String(value as string | number);
}

/** Application properties as strings (IoT Hub's property bag holds strings). */
export function stringProperties(
  props: Record<string, unknown> | undefined,
  skip: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (skip.includes(k.toLowerCase()) || v === undefined || v === null) continue;
    out[k] = v instanceof Date ? v.toISOString() : String(v as string | number | boolean);
  }
  return out;
}

export const dataBody = (bytes: Buffer) => rhea.message.data_section(bytes);

export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

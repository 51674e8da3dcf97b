// From the hub panel's C2D draft to the request IoT Hub's service API takes, refused before
// sending when a field is wrong (Microsoft Learn, "Understand cloud-to-device messaging from an
// IoT hub": "Message expiration (time to live)", at most 48 hours; "Message feedback": iothub-ack
// none, positive, negative or full; the body at most 64 KB). Pure.
import { rowsToRecord } from '../../components/key-value-rows.tsx';
import type { EncodedBody } from '../../components/use-encoded-body.ts';
import type { C2dRequest } from '../../device/hub-service.ts';
import {
  effectiveContentEncoding,
  effectiveContentType,
} from '../../iothub/decoders/send-formats.ts';
import { MAX_C2D_BYTES } from '../../iothub/limits.ts';
import { err, ok, type Result } from '../../iothub/result.ts';
import type { C2dCommand } from '../../iothub/service-commands.ts';
import type { HubC2dDraft } from '../../store/draft-types.ts';

/** IoT Hub's longest C2D time to live: 48 hours. */
export const MAX_C2D_TTL_MIN = 48 * 60;

function expiry(d: HubC2dDraft, now: number): Result<string | undefined> {
  if (d.expiryMode === 'ttl') {
    const text = d.expiryMin.trim();
    if (text === '') return ok(undefined);
    const minutes = Number(text);
    if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_C2D_TTL_MIN)
      return err(`Expiry: the time to live is minutes from 0 to ${MAX_C2D_TTL_MIN} (48 hours)`);
    return ok(new Date(now + minutes * 60_000).toISOString());
  }
  if (d.expiryAt.trim() === '') return ok(undefined);
  // datetime-local values are local time without a zone, which Date reads as local time.
  const at = new Date(d.expiryAt).getTime();
  if (Number.isNaN(at)) return err('Expiry: not a date and time');
  if (at <= now) return err('Expiry: the time is in the past');
  if (at - now > MAX_C2D_TTL_MIN * 60_000) return err('Expiry: more than 48 hours away');
  return ok(new Date(at).toISOString());
}

export function c2dRequest(d: HubC2dDraft, encoded: EncodedBody, now: number): Result<C2dRequest> {
  if (encoded.state === 'pending') return err('Encoding the body…');
  if (encoded.state === 'error') return err(encoded.error);
  if (encoded.bytes > MAX_C2D_BYTES)
    return err(`Too large: ${encoded.bytes} bytes; IoT Hub takes at most ${MAX_C2D_BYTES} bytes`);
  const expires = expiry(d, now);
  if (!expires.ok) return expires;
  const opt = <K extends keyof C2dRequest>(key: K, value: C2dRequest[K] | undefined | '') =>
    value === undefined || value === '' ? {} : { [key]: value };
  return ok({
    body: encoded.body,
    properties: rowsToRecord(d.properties),
    ...opt('contentType', effectiveContentType(d).trim()),
    ...opt('contentEncoding', effectiveContentEncoding(d).trim()),
    ...opt('messageId', d.messageId.trim()),
    ...opt('correlationId', d.correlationId.trim()),
    ...opt('userId', d.userId.trim()),
    ...opt('expiryTimeUtc', expires.value),
    ...opt('ack', d.ack === 'none' ? undefined : d.ack),
  });
}

/**
 * The message "Copy C2D command" describes: what Send would send now, or, while the form does
 * not check out yet, its body as typed (the command is then as unfinished as the form).
 */
export function c2dCommandMessage(d: HubC2dDraft, encoded: EncodedBody): C2dCommand {
  const r = c2dRequest(d, encoded, Date.now());
  if (!r.ok) return { body: d.body, properties: rowsToRecord(d.properties) };
  return r.value;
}

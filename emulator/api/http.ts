// Request/response helpers for the REST API: JSON bodies, IoT Hub's error shape and header
// (spec §8.3), and CORS for the console's own origins (real IoT Hub has none, spec §8.5).

import type { IncomingMessage, ServerResponse } from 'node:http';

import { HUB_ERRORS } from '../../src/iothub/hub-errors.ts';
import { newTrackingId, RegistryError } from '../registry.ts';

export type Reply = {
  status: number;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
};

/** CORS answer headers except the origin, which corsHeaders() adds per request. */
export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'GET, PUT, PATCH, POST, DELETE, OPTIONS',
  'access-control-allow-headers':
    'Authorization, Content-Type, Content-Encoding, If-Match, Request-Id, Last-Event-ID, iothub-messageid, iothub-correlationid, iothub-userid, iothub-expiry, iothub-ack, iothub-app-*',
  'access-control-expose-headers': 'ETag, iothub-errorcode',
  'access-control-max-age': '600',
};

/**
 * CORS headers for a request that passed the Host/Origin guard (http-guard.ts): the page's own
 * origin echoed, never '*' (issue 12), so only the emulator's console and --allow-origin pages
 * may read answers; none for requests without Origin (SDKs, curl, same-origin GETs).
 */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return origin === undefined
    ? CORS_HEADERS
    : { ...CORS_HEADERS, 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** Errors sent in the hub's current body shape: the direct-method failures, whose JSON-in-Message
 *  form is what today's hub is seen sending (spec §5). */
const CURRENT_SHAPE = new Set(['DeviceNotOnline', 'GatewayTimeout']);

/**
 * IoT Hub's error reply (spec §5, §8.3): status from the six-digit code, header
 * `iothub-errorcode: <Name>` (read by the C# SDK), and one of the hub's two body shapes:
 * - current, for direct-method failures: `{"Message":"{\"errorCode\":404103,\"trackingId\":...,
 *   \"message\":...,\"info\":{...},\"timestampUtc\":...}","ExceptionMessage":""}`;
 * - legacy, for everything else: `{"Message":"ErrorCode:<Name>;<text>","ExceptionMessage":
 *   "Tracking ID:..."}`. The Node service SDK reads the code only from this form and needs it to
 *   raise DeviceNotFoundError for a 404 (rest_api_client.ts translateError); which form the live
 *   hub sends for registry errors is UNCONFIRMED.
 */
export function errorReply(
  name: string,
  message: string,
  options: { status?: number; info?: Record<string, string> } = {},
): Reply {
  const known = HUB_ERRORS[name];
  const status = options.status ?? known?.status ?? 500;
  const stamp = new Date();
  const ts = `${String(stamp.getUTCMonth() + 1).padStart(2, '0')}/${String(stamp.getUTCDate()).padStart(2, '0')}/${stamp.getUTCFullYear()} ${stamp.toISOString().slice(11, 19)}`;
  const trackingId = `${newTrackingId()}-G:0-TimeStamp:${ts}`;
  const body = CURRENT_SHAPE.has(name)
    ? {
        Message: JSON.stringify({
          errorCode: known?.code ?? status * 1000,
          trackingId,
          message,
          info: options.info ?? {},
          timestampUtc: stamp.toISOString(),
        }),
        ExceptionMessage: '',
      }
    : { Message: `ErrorCode:${name};${message}`, ExceptionMessage: `Tracking ID:${trackingId}` };
  return { status, headers: { 'iothub-errorcode': name }, body };
}

export function send(
  res: ServerResponse,
  reply: Reply,
  extraHeaders: Record<string, string>,
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  let payload: Buffer | undefined = reply.raw;
  if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Bytes past the limit read (and dropped) so the 413 reaches a client still sending; beyond
 *  that the connection is cut. */
const DRAIN_LIMIT = 4 * 1024 * 1024;

/** Reads a request body, refusing more than `limit` bytes with 413 MessageTooLarge. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit + DRAIN_LIMIT) break;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit)
    throw new RegistryError('MessageTooLarge', `The request body is larger than ${limit} bytes.`);
  return Buffer.concat(chunks);
}

export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RegistryError('ArgumentInvalid', 'The request body is not valid JSON.');
  }
}

/** `If-Match` value without quotes or weak prefix; undefined when absent. */
export function ifMatch(req: IncomingMessage): string | undefined {
  const value = req.headers['if-match'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

/** True for 127.0.0.0/8 and ::1, also IPv4-mapped. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/** Origins a loopback-only endpoint answers: none (curl, same origin) or a loopback page. */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const host = new URL(origin).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

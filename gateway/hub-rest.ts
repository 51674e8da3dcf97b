// Signs and forwards the hub panel's REST calls (twin, direct methods, registry lookups) to
// `https://{HostName}` with IoT Hub's API version (Microsoft Learn, "IoT Hub REST API";
// "Control access to IoT Hub with shared access signatures"), and hands back the hub's answer
// unchanged: status, `iothub-errorcode`, `etag`, `content-type` and body bytes. Hand-written
// rather than through azure-iothub's Registry/Twin classes, which parse answers into objects and
// errors into exceptions: the panel shows IoT Hub's own answer, byte for byte (docs/gateway.md).

import type { ServiceConnectionInfo } from '../src/iothub/connection-string.ts';
import { API_VERSION } from '../src/iothub/mqtt-connect.ts';
import { signSasToken } from '../src/iothub/sas-token.ts';

const ID = "[A-Za-z0-9\\-.%_*?!(),:=@$']{1,384}";
/** The service routes the hub panel uses; anything else is refused before a byte leaves. */
const ROUTES: { method: string; path: RegExp }[] = [
  { method: 'GET', path: new RegExp(`^/twins/${ID}(?:/modules/${ID})?$`) },
  { method: 'PATCH', path: new RegExp(`^/twins/${ID}(?:/modules/${ID})?$`) },
  { method: 'POST', path: new RegExp(`^/twins/${ID}(?:/modules/${ID})?/methods$`) },
  { method: 'GET', path: new RegExp(`^/devices/${ID}(?:/modules(?:/${ID})?)?$`) },
  { method: 'PUT', path: new RegExp(`^/devices/${ID}(?:/modules/${ID})?$`) },
  { method: 'GET', path: /^\/devices$/ },
  { method: 'POST', path: /^\/devices\/query$/ },
];

export function isForwardableRoute(method: string, path: string): boolean {
  return ROUTES.some((r) => r.method === method && r.path.test(path));
}

/** Request headers the panel may set; the gateway adds `authorization` itself. */
const PASSED_REQUEST_HEADERS = ['content-type', 'if-match', 'x-ms-max-item-count'];
/** Answer headers handed back (the rest, like set-cookie, stay here). */
export const PASSED_RESPONSE_HEADERS = ['content-type', 'etag', 'iothub-errorcode'];

export type HubAnswer = { status: number; headers: Record<string, string>; body: Buffer };

export async function forwardRest(
  info: ServiceConnectionInfo,
  request: {
    method: string;
    path: string;
    top?: string;
    headers: Record<string, string | string[] | undefined>;
    body?: Buffer;
  },
): Promise<HubAnswer> {
  const authorization = await signSasToken({
    resourceUri: info.hostName,
    key: info.sharedAccessKey,
    keyName: info.sharedAccessKeyName,
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  });
  const headers: Record<string, string> = { authorization };
  for (const name of PASSED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const url = new URL(`https://${info.hostName}`);
  url.pathname = request.path;
  url.searchParams.set('api-version', API_VERSION);
  if (request.top !== undefined && /^\d{1,4}$/.test(request.top))
    url.searchParams.set('top', request.top);
  const response = await fetch(url, {
    method: request.method,
    headers,
    ...(request.body && request.body.length > 0 ? { body: request.body } : {}),
    redirect: 'manual', // never follow the hub anywhere else
    // A method call waits up to its response timeout (at most 300 s) plus connect timeout.
    signal: AbortSignal.timeout(330_000),
  });
  const answer: HubAnswer = {
    status: response.status,
    headers: {},
    body: Buffer.from(await response.arrayBuffer()),
  };
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) answer.headers[name] = value;
  }
  return answer;
}

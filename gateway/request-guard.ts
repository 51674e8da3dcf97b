// The gateway's pure request checks, kept in one module so they can later be unified with the
// emulator's own (emulator/api/request-guard.ts): which hub hosts it may forward to, which Host
// headers it serves (DNS rebinding: a hostile name resolving to 127.0.0.1 still sends its own
// name as Host), which page origins it answers, and the per-start token. No I/O here.

import { timingSafeEqual } from 'node:crypto';

/** IoT Hub's public and sovereign-cloud service suffixes (Microsoft Learn, "Azure IoT Hub
 *  endpoints"; national clouds: azure-devices.cn, azure-devices.us, azure-devices.de). */
const HUB_HOST = /^[a-z0-9](?:[a-z0-9-]{1,48}[a-z0-9])?\.azure-devices\.(?:net|cn|us|de)$/;

/** True when the gateway may forward to this host name (no port, no path: a bare name). */
export function isForwardableHost(hostName: string, extra: readonly string[] = []): boolean {
  const host = hostName.toLowerCase();
  if (HUB_HOST.test(host)) return true;
  return extra.some((allowed) => allowed.toLowerCase() === host);
}

export type GuardRefusal = { status: 403 | 401; code: string; message: string };

export type GuardConfig = {
  /** `host:port` values this gateway answers to (its own addresses). */
  servedHosts: readonly string[];
  /** Origins of the console pages allowed to call it (`http://localhost:8080`). */
  consoleOrigins: readonly string[];
  token: string;
};

export type GuardInput = {
  host: string | undefined;
  origin: string | undefined;
  /** `Sec-Fetch-Site`, sent by browsers on every request. */
  fetchSite: string | undefined;
  token: string | undefined;
};

const refuse = (status: 403 | 401, message: string): GuardRefusal => ({
  status,
  code: 'GatewayRequestRefused',
  message,
});

/** Host header check: only the names this gateway is served under. */
export function checkHost(host: string | undefined, config: GuardConfig): GuardRefusal | undefined {
  const h = (host ?? '').toLowerCase();
  if (config.servedHosts.some((served) => served.toLowerCase() === h)) return undefined;
  return refuse(403, `Host '${host ?? ''}' is not a name this gateway serves (DNS rebinding?).`);
}

/** A page origin is allowed when it is one of the console's; requests without one must come from
 *  the browser's own origin or from a non-browser client on this machine (no Sec-Fetch-Site). */
export function checkOrigin(i: GuardInput, config: GuardConfig): GuardRefusal | undefined {
  if (i.origin !== undefined) {
    return config.consoleOrigins.includes(i.origin)
      ? undefined
      : refuse(403, `Origin '${i.origin}' is not the console this gateway serves.`);
  }
  if (i.fetchSite === undefined || i.fetchSite === 'same-origin' || i.fetchSite === 'none')
    return undefined;
  return refuse(403, `A ${i.fetchSite} request without an Origin is refused.`);
}

/** The full check for every route but the bootstrap: Host, Origin, then the per-start token. */
export function checkRequest(i: GuardInput, config: GuardConfig): GuardRefusal | undefined {
  const refused = checkHost(i.host, config) ?? checkOrigin(i, config);
  if (refused) return refused;
  if (i.token === undefined || !sameText(i.token, config.token))
    return refuse(401, 'Missing or wrong gateway token: reload the console.');
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Event Hubs namespaces of the same clouds (a pasted or redirected built-in endpoint). */
const EVENT_HUBS_HOST =
  /^[a-z0-9][a-z0-9-]{0,62}\.servicebus\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)$/;

export function isEventHubsHost(hostName: string, extra: readonly string[] = []): boolean {
  const host = hostName.toLowerCase();
  return EVENT_HUBS_HOST.test(host) || extra.some((allowed) => allowed.toLowerCase() === host);
}

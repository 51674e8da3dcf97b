// Which `Host` and `Origin` headers the emulator answers (issue 12, "Hostile pages"). Pure
// functions, no I/O, so the service gateway can share them.
//
// DNS rebinding: a page on evil.example re-points its own name at 127.0.0.1 and then reads the
// emulator as "same origin"; the only trace is `Host: evil.example`. Like Vite's dev server
// (vite.dev, "Server Options", server.allowedHosts; advisory GHSA-vg6x-rcgg-rjx6) we answer only
// names nobody else can re-point: localhost and *.localhost (RFC 6761 §6.3: they resolve to
// loopback), IP literals (no DNS is involved), and names the user lists.
// Cross-origin pages: a browser names the page in `Origin` on every WebSocket upgrade and on
// every non-GET fetch (Fetch Standard, "Origin header"); a page of another origin may not drive
// the emulator unless the user allows it. Requests without `Origin` (SDKs, curl) are not pages.

/** The host name of a `Host` header (no port, no IPv6 brackets, lower case, no trailing dot);
 *  undefined when it is not a valid `host[:port]` (RFC 9110 §7.2). */
export function hostNameOf(host: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m?.[1]) return undefined;
  return m[1]
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** An IPv4 dotted quad or an IPv6 literal (as left by hostNameOf). */
export function isIpLiteral(name: string): boolean {
  if (IPV4.test(name)) return true;
  // IPv6: hex groups and colons, at least two colons; URL parsing checks the rest.
  if (!/^[0-9a-f:.]+$/.test(name) || (name.match(/:/g)?.length ?? 0) < 2) return false;
  try {
    return new URL(`http://[${name}]/`).hostname !== '';
  } catch {
    return false;
  }
}

/** Whether `name` is one of `names`; an entry starting with '.' also matches its subdomains
 *  (Vite's convention: '.example.com' allows example.com and a.example.com). */
function listed(name: string, names: readonly string[]): boolean {
  return names.some((entry) => {
    const e = entry.toLowerCase().replace(/\.$/, '');
    if (e.startsWith('.')) return name === e.slice(1) || name.endsWith(e);
    return name === e;
  });
}

/**
 * Whether the emulator answers a request whose `Host` header is `host`. Always: localhost,
 * *.localhost, IP literals (loopback, the bind address, a LAN address: none can be rebound);
 * otherwise only a name in `names` (the hub's --host-name and --allow-host entries).
 * A missing or malformed Host is refused (RFC 9112 §3.2: a request without Host gets 400).
 */
export function isAllowedHost(host: string | undefined, names: readonly string[]): boolean {
  if (host === undefined) return false;
  const name = hostNameOf(host);
  if (name === undefined || name === '') return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIpLiteral(name)) return true;
  return listed(name, names);
}

/** `scheme://host[:port]` as browsers serialize an origin (default ports dropped, lower case);
 *  undefined for anything that is not an http(s) origin (including the opaque "null"). */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request carrying `Origin: origin` may be answered. No Origin: not a browser page (or
 * a same-origin GET), allowed. Otherwise the origin must be one of `allowed` (the page's own
 * origin and the emulator's console origins, computed by the caller, plus --allow-origin).
 * "null" (sandboxed frames, file: pages) is never allowed.
 */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false;
  return allowed.some((a) => normalizeOrigin(a) === normalized);
}

/**
 * The origins of pages the emulator serves itself: http://NAME:HTTP and https://NAME:HTTPS for
 * every name it answers to by default or by flag (wildcard entries excluded), so the console on
 * http://localhost:8080 may open WSS to the emulator's TLS port.
 */
export function ownOrigins(
  names: readonly string[],
  ports: { http?: number | undefined; https?: number | undefined },
): string[] {
  const hosts = new Set<string>(['localhost', '127.0.0.1', '[::1]']);
  for (const n of names) {
    if (n.startsWith('.') || n === '' || n === '0.0.0.0' || n === '::') continue;
    hosts.add(isIpLiteral(n) && n.includes(':') ? `[${n}]` : n.toLowerCase());
  }
  const out: string[] = [];
  for (const h of hosts) {
    if (ports.http !== undefined) out.push(`http://${h}:${ports.http}`);
    if (ports.https !== undefined) out.push(`https://${h}:${ports.https}`);
  }
  return out.map((o) => normalizeOrigin(o) ?? o);
}

/** The origin a request was sent to, from its scheme and (already checked) Host header. */
export function requestOrigin(secure: boolean, host: string): string | undefined {
  return normalizeOrigin(`${secure ? 'https' : 'http'}://${host.trim()}`);
}

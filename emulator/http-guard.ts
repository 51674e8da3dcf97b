// The Host and Origin check on every HTTP request and WebSocket upgrade of the emulator's web
// ports (issue 12; the rules and their sources are in api/request-guard.ts and
// docs/reliability.md). Refusals are logged once per distinct name or origin.

import type { IncomingMessage } from 'node:http';

import {
  hostNameOf,
  isAllowedHost,
  isAllowedOrigin,
  ownOrigins,
  requestOrigin,
} from './api/request-guard.ts';

export type HttpGuardOptions = {
  /** The hub's --host-name. */
  hostName: string;
  /** The bind address (an IP literal is always allowed; a name is listed). */
  bind: string;
  /** --allow-host entries ('.example.com' allows its subdomains too). */
  allowHosts?: readonly string[];
  /** --allow-origin entries (full origins, e.g. http://localhost:5173). */
  allowOrigins?: readonly string[];
  /** The web ports as bound (known only once listening). */
  ports: () => { http?: number | undefined; https?: number | undefined };
  log: (line: string) => void;
};

export type Refusal = { status: 400 | 403; message: string };

export type HttpGuard = {
  /** undefined when the request may be answered; otherwise why not (logged once). */
  check(req: IncomingMessage, secure: boolean): Refusal | undefined;
};

/** How many distinct refusals are logged before the log says it stops. */
const LOGGED_LIMIT = 1000;

export function createHttpGuard(o: HttpGuardOptions): HttpGuard {
  const names = [o.hostName, o.bind, ...(o.allowHosts ?? [])].filter((n) => n !== '');
  const logged = new Set<string>();
  const logOnce = (key: string, line: string) => {
    if (logged.has(key) || logged.size > LOGGED_LIMIT) return;
    logged.add(key);
    o.log(
      logged.size > LOGGED_LIMIT
        ? `${line} (${LOGGED_LIMIT} distinct refusals logged; further ones are not)`
        : line,
    );
  };
  return {
    check(req, secure) {
      const host = req.headers.host;
      const what = req.headers.upgrade ? 'WebSocket upgrade' : `${req.method ?? 'GET'} request`;
      if (!isAllowedHost(host, names)) {
        const name = host === undefined ? undefined : hostNameOf(host);
        const shown = host === undefined ? '(none)' : JSON.stringify(host.slice(0, 200));
        logOnce(
          `host:${name ?? shown}`,
          `refused a ${what} with Host ${shown}: not a name this emulator serves (add it with --allow-host)`,
        );
        return {
          status: host === undefined || name === undefined ? 400 : 403,
          message: `The emulator does not answer Host ${shown}: it serves localhost, IP addresses, its --host-name (${o.hostName}) and names given with --allow-host (DNS rebinding protection; see docs/reliability.md).`,
        };
      }
      const origin = req.headers.origin;
      if (origin === undefined) return undefined;
      const self = requestOrigin(secure, host ?? '');
      const allowed = [
        ...(self ? [self] : []),
        ...ownOrigins(names, o.ports()),
        ...(o.allowOrigins ?? []),
      ];
      if (isAllowedOrigin(origin, allowed)) return undefined;
      const shown = JSON.stringify(origin.slice(0, 200));
      logOnce(
        `origin:${origin.slice(0, 200)}`,
        `refused a ${what} from the page ${shown}: another origin (allow it with --allow-origin)`,
      );
      return {
        status: 403,
        message: `The emulator does not answer pages of origin ${shown}: only its own console and origins given with --allow-origin (see docs/reliability.md).`,
      };
    },
  };
}

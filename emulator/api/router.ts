// A small route table: `/devices/:id/modules/:mid` patterns, the right each route needs, and a
// handler returning a Reply (or writing a stream itself and returning undefined).

import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DeviceAuth, Right } from '../auth.ts';

import type { Reply } from './http.ts';

export type RouteRequest = {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The device (or module) of the path, authenticated, on 'device' routes. */
  device?: DeviceAuth;
};

export type Route = {
  method: string;
  path: string;
  /** The policy right a caller needs, 'device' for the device API (a SAS token of the identity
   *  named by the path's :id and :mid), or 'loopback' for the unauthenticated bootstrap. */
  right: Right | 'device' | 'loopback' | 'none';
  /** Whether a streaming endpoint may take its token as `?authorization=` (EventSource can't set headers). */
  tokenInQuery?: boolean;
  handle: (r: RouteRequest) => Promise<Reply | undefined> | Reply | undefined;
};

type Compiled = Route & { regex: RegExp; names: string[] };

export function compileRoutes(routes: Route[]): Compiled[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    // IoT Hub paths are case-insensitive in practice (`deviceBound` vs `devicebound`).
    return { ...route, regex: new RegExp(`^${source}/?$`, 'i'), names };
  });
}

/** A malformed escape stays as sent (then fails ID validation) instead of throwing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export type Match =
  { route: Compiled; params: Record<string, string> } | { allowed: string[] } | undefined;

export function matchRoute(routes: Compiled[], method: string, path: string): Match {
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

/** A route builder for a group of routes that all need the same right. */
export const routesNeeding =
  (right: Route['right']) =>
  (method: string, path: string, handle: Route['handle']): Route => ({
    method,
    path,
    right,
    handle,
  });

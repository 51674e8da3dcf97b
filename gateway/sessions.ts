// The gateway's sessions: each pasted service connection string, kept in this process's memory
// only (never logged, never written), behind an opaque random handle the page holds. Bounded in
// count; a session unused for an hour is forgotten and its AMQP connection closed.

import { randomBytes } from 'node:crypto';

import {
  buildServiceConnectionString,
  type ServiceConnectionInfo,
} from '../src/iothub/connection-string.ts';

import { C2dSender } from './c2d.ts';

export const MAX_SESSIONS = 16;
export const IDLE_MS = 3_600_000;

export type GatewaySession = {
  info: ServiceConnectionInfo;
  c2d: C2dSender;
  /** The built-in endpoint's connection string: pasted, or found through the redirect. */
  eventHub?: string;
  usedAt: number;
};

export function createSessions(now: () => number = Date.now) {
  const sessions = new Map<string, GatewaySession>();
  const drop = (handle: string) => {
    const s = sessions.get(handle);
    sessions.delete(handle);
    return s?.c2d.close();
  };
  const sweep = () => {
    for (const [handle, s] of sessions) if (now() - s.usedAt > IDLE_MS) void drop(handle);
  };
  return {
    add(info: ServiceConnectionInfo, eventHub?: string): string {
      sweep();
      // The oldest goes when full: a page that reloads often must not lock others out.
      if (sessions.size >= MAX_SESSIONS) void drop(sessions.keys().next().value as string);
      const handle = randomBytes(24).toString('base64url');
      sessions.set(handle, {
        info,
        c2d: new C2dSender(buildServiceConnectionString(info)),
        ...(eventHub ? { eventHub } : {}),
        usedAt: now(),
      });
      return handle;
    },
    get(handle: string): GatewaySession | undefined {
      sweep();
      const s = sessions.get(handle);
      if (s) {
        // Re-inserted so iteration order is least recently used first.
        sessions.delete(handle);
        sessions.set(handle, s);
        s.usedAt = now();
      }
      return s;
    },
    remove: drop,
    async close(): Promise<void> {
      await Promise.all([...sessions.keys()].map(drop));
    },
  };
}

// Emulator-only endpoints under /emulator/ (issue 3): the telemetry log, the connection log, the
// identities with their live state, and the bootstrap the console uses to find the owner string.

import type {
  ConnectionEvent,
  ConnectionsResponse,
  DevicesResponse,
  EmulatorBootstrap,
  EmulatorIdentity,
  EventsResponse,
  HubEvent,
} from '../../src/iothub/emulator-api.ts';
import type { StoredEvent } from '../store/events-store.ts';

import type { ApiDeps } from './deps.ts';
import { errorReply, isLoopback, isLoopbackOrigin, type Reply } from './http.ts';
import type { Route, RouteRequest } from './router.ts';
import { openSse } from './sse.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function eventJson(e: StoredEvent): HubEvent {
  let body: string | null;
  try {
    body = utf8.decode(e.body);
  } catch {
    body = null; // not valid UTF-8: only bodyBase64 carries it
  }
  return {
    sequenceNumber: e.sequenceNumber,
    deviceId: e.deviceId,
    moduleId: e.moduleId,
    enqueuedTime: new Date(e.enqueuedMs).toISOString(),
    body,
    bodyBase64: e.body.toString('base64'),
    properties: e.properties,
    systemProperties: e.systemProperties,
  };
}

const num = (v: string | null): number | undefined => {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

const limitOf = (r: RouteRequest) => Math.min(num(r.query.get('limit')) ?? 100, 1000);

/** `?after=` or the EventSource `Last-Event-ID` header. */
const afterOf = (r: RouteRequest) => {
  const fromHeader = r.req.headers['last-event-id'];
  return (
    num(r.query.get('after')) ?? (typeof fromHeader === 'string' ? num(fromHeader) : undefined)
  );
};

export function emulatorRoutes(deps: ApiDeps): Route[] {
  const { ctx, sessions } = deps;
  const eventQuery = (r: RouteRequest) => {
    const deviceId = r.query.get('deviceId') ?? undefined;
    const moduleId = r.query.get('moduleId') ?? undefined;
    return { ...(deviceId ? { deviceId } : {}), ...(moduleId ? { moduleId } : {}) };
  };
  const matches = (
    q: { deviceId?: string; moduleId?: string },
    e: { deviceId: string | null; moduleId: string | null },
  ) => (!q.deviceId || e.deviceId === q.deviceId) && (!q.moduleId || e.moduleId === q.moduleId);

  return [
    {
      method: 'GET',
      path: '/emulator/events',
      right: 'ServiceConnect',
      handle: (r) => {
        const after = afterOf(r);
        const events = ctx.store.events.list({
          ...eventQuery(r),
          ...(after !== undefined ? { after } : {}),
          limit: limitOf(r),
        });
        return { status: 200, body: { events: events.map(eventJson) } satisfies EventsResponse };
      },
    },
    {
      method: 'GET',
      path: '/emulator/events/stream',
      right: 'ServiceConnect',
      tokenInQuery: true,
      handle: (r) => {
        const q = eventQuery(r);
        openSse<StoredEvent>(r.req, r.res, afterOf(r), {
          backfill: (after) => ctx.store.events.list({ ...q, after, limit: 1000 }),
          subscribe: (push) => {
            const on = (e: StoredEvent) => matches(q, e) && push(e);
            ctx.bus.on('telemetry', on);
            return () => ctx.bus.off('telemetry', on);
          },
          render: eventJson,
        });
        return undefined;
      },
    },
    {
      method: 'GET',
      path: '/emulator/devices',
      right: 'RegistryRead',
      handle: () => {
        const now = Date.now();
        const devices = ctx.store.registry.listAll().map(({ record }): EmulatorIdentity => {
          const s = sessions.get(record.deviceId, record.moduleId);
          return {
            deviceId: record.deviceId,
            moduleId: record.moduleId ?? null,
            status: record.status,
            connectionState: s ? 'Connected' : 'Disconnected',
            connectedSince: s ? new Date(s.connectedAt).toISOString() : null,
            transport: s?.transport ?? null,
            remoteAddress: s?.remoteAddress ?? null,
            subscriptions: s ? s.link.subscriptions() : [],
            cloudToDeviceMessageCount:
              record.moduleId === undefined ? ctx.store.c2d.count(record.deviceId, now) : 0,
          };
        });
        return { status: 200, body: { devices } satisfies DevicesResponse };
      },
    },
    {
      method: 'GET',
      path: '/emulator/connections',
      right: 'ServiceConnect',
      handle: (r) => {
        const deviceId = r.query.get('deviceId') ?? undefined;
        const after = afterOf(r);
        const list = ctx.store.connections.list({
          ...(deviceId ? { deviceId } : {}),
          ...(after !== undefined ? { after } : {}),
          limit: limitOf(r),
        });
        return { status: 200, body: { connections: list } satisfies ConnectionsResponse };
      },
    },
    {
      method: 'GET',
      path: '/emulator/connections/stream',
      right: 'ServiceConnect',
      tokenInQuery: true,
      handle: (r) => {
        const deviceId = r.query.get('deviceId') ?? undefined;
        openSse<ConnectionEvent>(r.req, r.res, afterOf(r), {
          backfill: (after) =>
            ctx.store.connections.list({ ...(deviceId ? { deviceId } : {}), after, limit: 1000 }),
          subscribe: (push) => {
            const on = (e: ConnectionEvent) => (!deviceId || e.deviceId === deviceId) && push(e);
            ctx.bus.on('connection', on);
            return () => ctx.bus.off('connection', on);
          },
          render: (e): ConnectionEvent => e,
        });
        return undefined;
      },
    },
    {
      method: 'GET',
      path: '/emulator/bootstrap',
      right: 'loopback',
      handle: (r): Reply => {
        // The owner key is handed out only to this machine, and not to other web origins (a page
        // on another site could otherwise read it from the visitor's localhost).
        const origin = r.req.headers.origin;
        if (!isLoopback(r.req.socket.remoteAddress) || !isLoopbackOrigin(origin)) {
          return errorReply(
            'IotHubUnauthorizedAccess',
            '/emulator/bootstrap answers only loopback clients and pages.',
            { status: 403 },
          );
        }
        const hasDevice1 = ctx.store.registry.get('device-1') !== undefined;
        return {
          status: 200,
          headers: origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {},
          body: {
            hostName: ctx.hostName,
            serviceConnectionString: deps.ownerConnectionString(),
            policyConnectionStrings: deps.policyConnectionStrings(),
            deviceConnectionString: hasDevice1 ? deps.connectionString('device-1') : null,
            ports: deps.ports(),
            eventHubConnectionString: deps.eventHubConnectionString() ?? null,
            idScope: deps.dps.idScope,
          } satisfies EmulatorBootstrap,
        };
      },
    },
  ];
}

// The device HTTPS API (Microsoft Learn, IoT Hub REST "Device - Send Device Event", "Device -
// Receive Device Bound Notification", "Complete/Reject/Abandon Device Bound Notification"), as
// `azure-iot-device-http` calls it: telemetry (single and batch) into the same SQLite log as MQTT
// telemetry, and C2D from the same queue and locks as every other transport (features/c2d.ts).
// SAS auth with the same rules as MQTT (auth.ts authenticateDeviceToken, route right 'device').

import { MAX_TELEMETRY_BYTES } from '../../src/iothub/limits.ts';
import { isTooLarge, telemetryEvent, telemetrySize } from '../features/telemetry.ts';
import type { C2dOutcome } from '../link/device-link.ts';
import { RegistryError } from '../registry.ts';
import type { NewEvent } from '../store/events-store.ts';

import type { ApiDeps } from './deps.ts';
import { c2dHeaders, headerPairs, isBatch, parseBatch, propertiesFrom } from './device-messages.ts';
import { readBody, type Reply } from './http.ts';
import type { Route, RouteRequest } from './router.ts';

/** Batches are base64 in JSON: room for 256 KB of messages plus the encoding. */
const BATCH_BODY_LIMIT = Math.ceil((MAX_TELEMETRY_BYTES * 4) / 3) + 64 * 1024;

function authOf(r: RouteRequest) {
  if (!r.device) throw new Error('device route without device authentication');
  return r.device;
}

/** Stores the events in one group commit; resolves once they are in the log. */
function store(deps: ApiDeps, events: NewEvent[]): Promise<void> {
  return Promise.all(
    events.map(
      (event) =>
        new Promise<void>((resolve, reject) =>
          deps.telemetry.record(event, (error) => (error ? reject(error) : resolve())),
        ),
    ),
  ).then(() => undefined);
}

async function sendEvents(deps: ApiDeps, r: RouteRequest): Promise<Reply> {
  const auth = authOf(r);
  const { deviceId, moduleId } = auth.identity.record;
  const identity = { deviceId, ...(moduleId !== undefined ? { moduleId } : {}), auth };
  const eventsPath = moduleId
    ? `/devices/${deviceId}/modules/${moduleId}/messages/events`
    : `/devices/${deviceId}/messages/events`;
  const batch = isBatch(r.req.headers);
  const body = await readBody(r.req, batch ? BATCH_BODY_LIMIT : MAX_TELEMETRY_BYTES + 1);
  const messages = batch
    ? parseBatch(body, eventsPath)
    : [{ payload: body, properties: propertiesFrom(headerPairs(r.req.headers), eventsPath) }];
  // The 256 KB limit holds per message and for a whole batch (Microsoft Learn, "IoT Hub quotas
  // and throttling", "Other limits": device-to-cloud messages and batches, 256 KB).
  const total = messages.reduce((n, m) => n + telemetrySize(m.payload, m.properties), 0);
  if (messages.some((m) => isTooLarge(m.payload, m.properties)) || total > MAX_TELEMETRY_BYTES) {
    throw new RegistryError('MessageTooLarge', 'The message or batch is larger than 256 KB.');
  }
  await store(
    deps,
    messages.map((m) => telemetryEvent(identity, m.payload, m.properties)),
  );
  return { status: 204 };
}

function receive(deps: ApiDeps, r: RouteRequest): Reply {
  const got = deps.c2d.receive(authOf(r).identity.record.deviceId);
  // No message waiting: 204 (the Node SDK's HttpReceiver treats it as "nothing").
  if (!got) return { status: 204 };
  return { status: 200, raw: got.message.body, headers: c2dHeaders(got.message, got.lockToken) };
}

function settle(deps: ApiDeps, r: RouteRequest, outcome: C2dOutcome): Reply {
  const lockToken = (r.params.etag ?? '').replace(/^"(.*)"$/, '$1');
  deps.c2d.settleByToken(authOf(r).identity.record.deviceId, lockToken, outcome);
  return { status: 204 };
}

export function deviceRoutes(deps: ApiDeps): Route[] {
  const events = (r: RouteRequest) => sendEvents(deps, r);
  return [
    { method: 'POST', path: '/devices/:id/messages/events', right: 'device', handle: events },
    {
      method: 'POST',
      path: '/devices/:id/modules/:mid/messages/events',
      right: 'device',
      handle: events,
    },
    {
      method: 'GET',
      path: '/devices/:id/messages/deviceBound',
      right: 'device',
      handle: (r) => receive(deps, r),
    },
    {
      method: 'DELETE',
      path: '/devices/:id/messages/deviceBound/:etag',
      right: 'device',
      // `?reject` (no value) rejects; without it the message is completed.
      handle: (r) => settle(deps, r, r.query.has('reject') ? 'reject' : 'complete'),
    },
    {
      method: 'POST',
      path: '/devices/:id/messages/deviceBound/:etag/abandon',
      right: 'device',
      handle: (r) => settle(deps, r, 'abandon'),
    },
  ];
}

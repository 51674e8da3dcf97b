// Direct methods (spec §5) and cloud-to-device send/purge over HTTPS (spec §6, §8.4: the send
// endpoint is undocumented in Azure, the Node service SDK uses AMQP instead).

import type { IncomingMessage } from 'node:http';

import {
  MAX_C2D_BYTES,
  MAX_METHOD_PAYLOAD_BYTES,
  METHOD_CONNECT_TIMEOUT,
  METHOD_RESPONSE_TIMEOUT,
} from '../../src/iothub/limits.ts';
import { MAX_TTL_MS } from '../features/c2d.ts';
import { RegistryError } from '../registry.ts';

import type { ApiDeps } from './deps.ts';
import { parseJson, readBody, type Reply } from './http.ts';
import { findIdentity } from './registry-routes.ts';
import type { Route, RouteRequest } from './router.ts';

/** Method names: printable US-ASCII without `$()<>@,;:\"/[]?={}` space or tab (spec §5). */
const METHOD_NAME = /^[!#%&'*+\-.0-9A-Z^_`a-z|~]{1,128}$/;

export function seconds(
  value: unknown,
  name: string,
  range: { default: number; min: number; max: number },
): number {
  if (value === undefined || value === null) return range.default;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    throw new RegistryError(
      'ArgumentInvalid',
      `${name} must be an integer from ${range.min} to ${range.max}.`,
    );
  }
  return value;
}

async function invoke(deps: ApiDeps, r: RouteRequest): Promise<Reply> {
  const { id = '', mid } = r.params;
  findIdentity(deps, id, mid);
  const body = parseJson(await readBody(r.req, MAX_METHOD_PAYLOAD_BYTES + 1024)) as
    Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object')
    throw new RegistryError(
      'ArgumentInvalid',
      'The body must be {"methodName": ..., "payload": ...}.',
    );
  const { methodName, payload } = body;
  if (typeof methodName !== 'string' || !METHOD_NAME.test(methodName)) {
    throw new RegistryError(
      'ArgumentInvalid',
      'methodName must be 1-128 printable ASCII characters without $ ( ) < > @ , ; : \\ " / [ ] ? = { } or spaces.',
    );
  }
  if (
    payload !== undefined &&
    Buffer.byteLength(JSON.stringify(payload)) > MAX_METHOD_PAYLOAD_BYTES
  ) {
    throw new RegistryError('MessageTooLarge', 'The method payload is larger than 128 KB.');
  }
  const result = await deps.methods.invoke({
    deviceId: id,
    ...(mid !== undefined ? { moduleId: mid } : {}),
    methodName,
    // No payload field: an empty request body on the device side; `null` is sent as `null`.
    payload,
    responseTimeoutInSeconds: seconds(
      body.responseTimeoutInSeconds,
      'responseTimeoutInSeconds',
      METHOD_RESPONSE_TIMEOUT,
    ),
    connectTimeoutInSeconds: seconds(
      body.connectTimeoutInSeconds,
      'connectTimeoutInSeconds',
      METHOD_CONNECT_TIMEOUT,
    ),
  });
  return { status: 200, body: result };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

function expiryOf(req: IncomingMessage): number | undefined {
  const raw = header(req, 'iothub-expiry');
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    throw new RegistryError('ArgumentInvalid', `iothub-expiry '${raw}' is not an ISO 8601 time.`);
  if (ms <= Date.now()) throw new RegistryError('ArgumentInvalid', 'iothub-expiry is in the past.');
  if (ms - Date.now() > MAX_TTL_MS)
    throw new RegistryError(
      'ArgumentInvalid',
      'iothub-expiry is more than 48 hours away (IoT Hub maximum TTL).',
    );
  return ms;
}

async function sendC2d(deps: ApiDeps, r: RouteRequest): Promise<Reply> {
  const id = r.params.id ?? '';
  findIdentity(deps, id);
  const body = await readBody(r.req, MAX_C2D_BYTES);
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(r.req.headers)) {
    if (name.startsWith('iothub-app-') && typeof value === 'string')
      properties[name.slice('iothub-app-'.length)] = value;
  }
  const opt = (k: string, v: string | undefined) => (v !== undefined ? { [k]: v } : {});
  const expiryMs = expiryOf(r.req);
  const ack = header(r.req, 'iothub-ack');
  if (ack !== undefined && !['none', 'positive', 'negative', 'full'].includes(ack)) {
    throw new RegistryError(
      'ArgumentInvalid',
      'iothub-ack must be none, positive, negative or full.',
    );
  }
  deps.c2d.send({
    deviceId: id,
    body,
    properties,
    ...opt('messageId', header(r.req, 'iothub-messageid')),
    ...opt('correlationId', header(r.req, 'iothub-correlationid')),
    ...opt('userId', header(r.req, 'iothub-userid')),
    ...opt('contentType', header(r.req, 'content-type')),
    ...opt('contentEncoding', header(r.req, 'content-encoding')),
    ...opt('ack', ack),
    ...(expiryMs !== undefined ? { expiryMs } : {}),
  });
  return { status: 204 };
}

export function serviceRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/twins/:id/methods',
      right: 'ServiceConnect',
      handle: (r) => invoke(deps, r),
    },
    {
      method: 'POST',
      path: '/twins/:id/modules/:mid/methods',
      right: 'ServiceConnect',
      handle: (r) => invoke(deps, r),
    },
    {
      method: 'POST',
      path: '/devices/:id/messages/deviceBound',
      right: 'ServiceConnect',
      handle: (r) => sendC2d(deps, r),
    },
    {
      method: 'DELETE',
      path: '/devices/:id/commands',
      right: 'ServiceConnect',
      handle: (r) => {
        const id = r.params.id ?? '';
        findIdentity(deps, id);
        const purged = deps.c2d.purge(id);
        return { status: 200, body: { deviceId: id, totalMessagesPurged: purged } };
      },
    },
  ];
}

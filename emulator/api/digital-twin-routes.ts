// Digital twins REST (Microsoft Learn, REST "Digital Twin - Get Digital Twin", "Update Digital
// Twin", "Invoke Root Level Command", "Invoke Component Command"): GET and PATCH (JSON Patch,
// answered 202 with the new ETag) on /digitaltwins/{id}, and commands, which are direct methods
// named `{command}` or `{component}*{command}` ("IoT Plug and Play conventions", "Commands").

import { randomUUID } from 'node:crypto';

import {
  MAX_METHOD_PAYLOAD_BYTES,
  METHOD_CONNECT_TIMEOUT,
  METHOD_RESPONSE_TIMEOUT,
} from '../../src/iothub/limits.ts';
import { nameKinds, desiredPatchOf, digitalTwinOf } from '../features/digital-twin.ts';
import { RegistryError, updateServiceTwin } from '../registry.ts';

import type { ApiDeps } from './deps.ts';
import { ifMatch, parseJson, readBody, type Reply } from './http.ts';
import { findIdentity } from './registry-routes.ts';
import { routesNeeding, type Route, type RouteRequest } from './router.ts';
import { seconds } from './service-routes.ts';
import { twinEtag } from './shapes.ts';

function twinReply(deps: ApiDeps, id: string): Reply {
  const identity = findIdentity(deps, id);
  return {
    status: 200,
    body: digitalTwinOf(identity),
    headers: { etag: `"${twinEtag(identity.twin.version)}"` },
  };
}

async function patch(deps: ApiDeps, r: RouteRequest): Promise<Reply> {
  const id = r.params.id ?? '';
  const operations = parseJson(await readBody(r.req, 128 * 1024));
  const current = findIdentity(deps, id);
  const wanted = ifMatch(r.req);
  const etag = twinEtag(current.twin.version);
  if (wanted !== undefined && wanted !== '*' && wanted !== etag)
    throw new RegistryError(
      'PreconditionFailed',
      `ETag mismatch: the digital twin's is "${etag}".`,
    );
  const desired = desiredPatchOf(operations, nameKinds(current));
  const next = updateServiceTwin(deps.ctx, current, { desired }, 'merge');
  return {
    status: 202,
    headers: {
      etag: `"${twinEtag(next.twin.version)}"`,
      location: `/digitaltwins/${encodeURIComponent(id)}`,
    },
  };
}

/** Timeouts come as query parameters here (REST "Invoke Component Command"). */
function queryNumber(r: RouteRequest, name: string): number | undefined {
  const raw = r.query.get(name);
  return raw === null || raw === '' ? undefined : Number(raw);
}

async function command(deps: ApiDeps, r: RouteRequest): Promise<Reply> {
  const { id = '', component, command: name = '' } = r.params;
  findIdentity(deps, id);
  const body = await readBody(r.req, MAX_METHOD_PAYLOAD_BYTES);
  const payload = parseJson(body);
  const result = await deps.methods.invoke({
    deviceId: id,
    methodName: component ? `${component}*${name}` : name,
    payload,
    responseTimeoutInSeconds: seconds(
      queryNumber(r, 'responseTimeoutInSeconds'),
      'responseTimeoutInSeconds',
      METHOD_RESPONSE_TIMEOUT,
    ),
    connectTimeoutInSeconds: seconds(
      queryNumber(r, 'connectTimeoutInSeconds'),
      'connectTimeoutInSeconds',
      METHOD_CONNECT_TIMEOUT,
    ),
  });
  return {
    status: 200,
    body: result.payload,
    headers: {
      'x-ms-command-statuscode': String(result.status),
      'x-ms-request-id': randomUUID(),
    },
  };
}

export function digitalTwinRoutes(deps: ApiDeps): Route[] {
  const route = routesNeeding('ServiceConnect');
  return [
    route('GET', '/digitaltwins/:id', (r) => twinReply(deps, r.params.id ?? '')),
    route('PATCH', '/digitaltwins/:id', (r) => patch(deps, r)),
    route('POST', '/digitaltwins/:id/commands/:command', (r) => command(deps, r)),
    route('POST', '/digitaltwins/:id/components/:component/commands/:command', (r) =>
      command(deps, r),
    ),
  ];
}

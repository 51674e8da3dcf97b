// Twins (spec §4, §8.2): GET, PATCH (merge tags/desired) and PUT (replace), with If-Match on
// the twin etag; desired changes reach a connected, subscribed device.

import type { TwinCollection } from '../../src/iothub/twin.ts';
import {
  checkPatch,
  RegistryError,
  updateServiceTwin,
  type ServiceTwinUpdate,
} from '../registry.ts';

import { liveOf, type ApiDeps } from './deps.ts';
import { ifMatch, parseJson, readBody, type Reply } from './http.ts';
import { findIdentity } from './registry-routes.ts';
import type { Route, RouteRequest } from './router.ts';
import { twinEtag, twinJson } from './shapes.ts';

const BODY_LIMIT = 128 * 1024;

function parseUpdate(body: unknown): ServiceTwinUpdate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RegistryError(
      'ArgumentInvalid',
      'The twin body must be a JSON object with tags and/or properties.desired.',
    );
  }
  const b = body as { tags?: unknown; properties?: { desired?: unknown; reported?: unknown } };
  if (b.properties?.reported !== undefined) {
    throw new RegistryError(
      'ArgumentInvalid',
      'Reported properties can only be changed by the device.',
    );
  }
  const update: ServiceTwinUpdate = {};
  // JSON merge patch on the whole twin: `"tags": null` or `"desired": null` removes every tag or
  // desired property (Microsoft Learn, "Understand and use device twins in IoT Hub", section
  // "Back-end operations": "Partially update device twin ... Properties set to null are
  // removed"); on PUT null replaces the section with an empty one.
  if (b.tags === null) update.tags = null;
  else if (b.tags !== undefined) update.tags = checkPatch(b.tags, 'tags') as TwinCollection;
  if (b.properties?.desired === null) update.desired = null;
  else if (b.properties?.desired !== undefined) {
    update.desired = checkPatch(b.properties.desired, 'desired') as TwinCollection;
  }
  return update;
}

export function twinRoutes(deps: ApiDeps): Route[] {
  const reply = (r: RouteRequest, mode?: 'merge' | 'replace'): Promise<Reply> | Reply => {
    const identity = findIdentity(deps, r.params.id ?? '', r.params.mid);
    if (!mode) return ok(identity);
    return (async () => {
      const update = parseUpdate(parseJson(await readBody(r.req, BODY_LIMIT)) ?? {});
      const wanted = ifMatch(r.req);
      const current = findIdentity(deps, r.params.id ?? '', r.params.mid);
      if (wanted !== undefined && wanted !== '*' && wanted !== twinEtag(current.twin.version)) {
        throw new RegistryError(
          'PreconditionFailed',
          `Twin ETag mismatch: the twin's ETag is "${twinEtag(current.twin.version)}".`,
        );
      }
      return ok(updateServiceTwin(deps.ctx, current, update, mode));
    })();
  };
  const ok = (identity: ReturnType<typeof findIdentity>): Reply => ({
    status: 200,
    body: twinJson(identity, liveOf(deps, identity)),
    headers: { etag: `"${twinEtag(identity.twin.version)}"` },
  });
  return [
    { method: 'GET', path: '/twins/:id', right: 'ServiceConnect', handle: (r) => reply(r) },
    {
      method: 'PATCH',
      path: '/twins/:id',
      right: 'ServiceConnect',
      handle: (r) => reply(r, 'merge'),
    },
    {
      method: 'PUT',
      path: '/twins/:id',
      right: 'ServiceConnect',
      handle: (r) => reply(r, 'replace'),
    },
    {
      method: 'GET',
      path: '/twins/:id/modules/:mid',
      right: 'ServiceConnect',
      handle: (r) => reply(r),
    },
    {
      method: 'PATCH',
      path: '/twins/:id/modules/:mid',
      right: 'ServiceConnect',
      handle: (r) => reply(r, 'merge'),
    },
    {
      method: 'PUT',
      path: '/twins/:id/modules/:mid',
      right: 'ServiceConnect',
      handle: (r) => reply(r, 'replace'),
    },
  ];
}

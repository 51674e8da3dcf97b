// Identity registry (spec §8.2): devices and modules with ETags and If-Match, keys generated
// when left empty, and the device statistics.

import {
  createIdentity,
  deleteIdentity,
  RegistryError,
  updateIdentity,
  type IdentityInput,
} from '../registry.ts';
import type { Identity } from '../store/registry-store.ts';

import { liveOf, type ApiDeps } from './deps.ts';
import { ifMatch, parseJson, readBody, type Reply } from './http.ts';
import type { Route, RouteRequest } from './router.ts';
import { deviceEtag, deviceJson, moduleJson } from './shapes.ts';

const BODY_LIMIT = 64 * 1024;
const BULK_BODY_LIMIT = 100 * BODY_LIMIT;

export function findIdentity(deps: ApiDeps, deviceId: string, moduleId?: string): Identity {
  const device = deps.ctx.store.registry.get(deviceId);
  if (!device) throw new RegistryError('DeviceNotFound', `Device ${deviceId} not found.`);
  if (moduleId === undefined) return device;
  const module = deps.ctx.store.registry.get(deviceId, moduleId);
  if (!module)
    throw new RegistryError(
      'ModuleNotFound',
      `Module ${moduleId} not found on device ${deviceId}.`,
    );
  return module;
}

function checkEtag(r: RouteRequest, identity: Identity): void {
  const wanted = ifMatch(r.req);
  if (wanted !== undefined && wanted !== '*' && wanted !== deviceEtag(identity.record)) {
    throw new RegistryError(
      'PreconditionFailed',
      `ETag mismatch: the identity's ETag is "${deviceEtag(identity.record)}".`,
    );
  }
}

export function registryRoutes(deps: ApiDeps): Route[] {
  const json = (identity: Identity) =>
    identity.record.moduleId === undefined
      ? deviceJson(identity, liveOf(deps, identity))
      : moduleJson(identity, liveOf(deps, identity));
  const reply = (identity: Identity): Reply => ({
    status: 200,
    body: json(identity),
    headers: { etag: `"${deviceEtag(identity.record)}"` },
  });

  async function put(r: RouteRequest): Promise<Reply> {
    const { id = '', mid } = r.params;
    const body = (parseJson(await readBody(r.req, BODY_LIMIT)) ?? {}) as IdentityInput & {
      deviceId?: unknown;
      moduleId?: unknown;
    };
    if (typeof body !== 'object' || Array.isArray(body))
      throw new RegistryError('ArgumentInvalid', 'The body must be a JSON object.');
    if (body.deviceId !== undefined && body.deviceId !== id) {
      throw new RegistryError(
        'ArgumentInvalid',
        `deviceId '${String(body.deviceId)}' in the body does not match the URL (${id}).`,
      );
    }
    if (mid !== undefined && body.moduleId !== undefined && body.moduleId !== mid) {
      throw new RegistryError(
        'ArgumentInvalid',
        `moduleId '${String(body.moduleId)}' in the body does not match the URL (${mid}).`,
      );
    }
    if (mid !== undefined) findIdentity(deps, id);
    const existing = deps.ctx.store.registry.get(id, mid);
    if (!existing) {
      if (ifMatch(r.req) !== undefined && ifMatch(r.req) !== '*') {
        throw new RegistryError(
          'DeviceNotFound',
          `Device ${id} not found, so If-Match cannot match.`,
        );
      }
      return reply(createIdentity(deps.ctx, id, mid, body));
    }
    // PUT without If-Match on an existing identity is a create that collides (spec §8.2).
    if (ifMatch(r.req) === undefined) {
      throw mid === undefined
        ? new RegistryError(
            'DeviceAlreadyExists',
            `A device with ID '${id}' is already registered.`,
          )
        : new RegistryError(
            'ModuleAlreadyExistsOnDevice',
            `A module with ID '${mid}' already exists on device '${id}'.`,
          );
    }
    checkEtag(r, existing);
    return reply(updateIdentity(deps.ctx, existing, body));
  }

  function remove(r: RouteRequest): Reply {
    const identity = findIdentity(deps, r.params.id ?? '', r.params.mid);
    checkEtag(r, identity);
    deleteIdentity(deps.ctx, identity);
    return { status: 204 };
  }

  /**
   * Bulk registry operations (`Registry.addDevices`, `updateDevices`, `removeDevices`): POST
   * /devices with up to 100 ExportImportDevice entries, each applied on its own; 200 with
   * `isSuccessful: true`, or 400 with the failed entries in `errors`
   * (https://learn.microsoft.com/rest/api/iothub/service/bulk-registry/update-registry).
   */
  async function bulk(r: RouteRequest): Promise<Reply> {
    const body = parseJson(await readBody(r.req, BULK_BODY_LIMIT));
    if (!Array.isArray(body) || body.length === 0 || body.length > 100) {
      throw new RegistryError('ArgumentInvalid', 'The body must be an array of 1 to 100 devices.');
    }
    const errors: {
      deviceId: string;
      errorCode: string;
      errorStatus: string;
      operation: string;
    }[] = [];
    for (const raw of body as unknown[]) {
      const entry = (raw && typeof raw === 'object' ? raw : {}) as IdentityInput & {
        id?: unknown;
        importMode?: unknown;
        eTag?: unknown;
      };
      const id = typeof entry.id === 'string' ? entry.id : '';
      const mode = typeof entry.importMode === 'string' ? entry.importMode.toLowerCase() : '';
      try {
        const existing = deps.ctx.store.registry.get(id);
        const etagMatches = (e: Identity) => {
          if (mode.endsWith('ifmatchetag') && entry.eTag !== deviceEtag(e.record)) {
            throw new RegistryError('PreconditionFailed', `ETag mismatch for device ${id}.`);
          }
        };
        if (mode === 'create') {
          if (existing) {
            throw new RegistryError(
              'DeviceAlreadyExists',
              `A device with ID '${id}' is already registered.`,
            );
          }
          createIdentity(deps.ctx, id, undefined, entry);
        } else if (mode === 'update' || mode === 'updateifmatchetag') {
          if (!existing) {
            if (mode === 'update') createIdentity(deps.ctx, id, undefined, entry);
            else throw new RegistryError('DeviceNotFound', `Device ${id} not found.`);
          } else {
            etagMatches(existing);
            updateIdentity(deps.ctx, existing, entry);
          }
        } else if (mode === 'delete' || mode === 'deleteifmatchetag') {
          if (!existing) throw new RegistryError('DeviceNotFound', `Device ${id} not found.`);
          etagMatches(existing);
          deleteIdentity(deps.ctx, existing);
        } else {
          throw new RegistryError(
            'ArgumentInvalid',
            `importMode '${String(entry.importMode)}' is not supported by the emulator.`,
          );
        }
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        errors.push({
          deviceId: id,
          errorCode: e.hubError,
          errorStatus: e.message,
          operation: mode,
        });
      }
    }
    return {
      status: errors.length === 0 ? 200 : 400,
      body: { isSuccessful: errors.length === 0, errors, warnings: [] },
    };
  }

  const top = (r: RouteRequest) => {
    const n = Number(r.query.get('top') ?? '1000');
    return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : 1000;
  };

  return [
    {
      method: 'GET',
      path: '/devices',
      right: 'RegistryRead',
      handle: (r) => ({
        status: 200,
        body: deps.ctx.store.registry.listDevices().slice(0, top(r)).map(json),
      }),
    },
    { method: 'POST', path: '/devices', right: 'RegistryWrite', handle: bulk },
    {
      method: 'GET',
      path: '/devices/:id',
      right: 'RegistryRead',
      handle: (r) => reply(findIdentity(deps, r.params.id ?? '')),
    },
    { method: 'PUT', path: '/devices/:id', right: 'RegistryWrite', handle: put },
    { method: 'DELETE', path: '/devices/:id', right: 'RegistryWrite', handle: remove },
    {
      method: 'GET',
      path: '/devices/:id/modules',
      right: 'RegistryRead',
      handle: (r) => {
        findIdentity(deps, r.params.id ?? '');
        return {
          status: 200,
          body: deps.ctx.store.registry.listModules(r.params.id ?? '').map(json),
        };
      },
    },
    {
      method: 'GET',
      path: '/devices/:id/modules/:mid',
      right: 'RegistryRead',
      handle: (r) => reply(findIdentity(deps, r.params.id ?? '', r.params.mid)),
    },
    { method: 'PUT', path: '/devices/:id/modules/:mid', right: 'RegistryWrite', handle: put },
    { method: 'DELETE', path: '/devices/:id/modules/:mid', right: 'RegistryWrite', handle: remove },
    {
      method: 'GET',
      path: '/statistics/devices',
      right: 'RegistryRead',
      handle: () => {
        const c = deps.ctx.store.registry.deviceCounts();
        return {
          status: 200,
          body: {
            totalDeviceCount: c.n,
            enabledDeviceCount: c.enabled,
            disabledDeviceCount: c.n - c.enabled,
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/statistics/service',
      right: 'ServiceConnect',
      handle: () => ({
        status: 200,
        body: {
          connectedDeviceCount: deps.sessions.all().filter((s) => s.moduleId === undefined).length,
        },
      }),
    },
  ];
}

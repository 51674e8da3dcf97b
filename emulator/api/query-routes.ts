// `POST /devices/query` (spec §8.2), the subset IoT Hub users reach for first:
// `SELECT * FROM devices` or `devices.modules`, optionally `WHERE path = value [AND ...]` with
// `=`, `!=`/`<>` on twin fields (`deviceId`, `status`, `tags.site`, `properties.reported.fw`, ...).

import { RegistryError } from '../registry.ts';

import { liveOf, type ApiDeps } from './deps.ts';
import { parseJson, readBody } from './http.ts';
import type { Route } from './router.ts';
import { twinJson } from './shapes.ts';

type Condition = { path: string[]; negate: boolean; value: unknown };

const SUPPORTED =
  'The emulator supports SELECT * FROM devices (or devices.modules) [WHERE field = value [AND ...]], with = != <> and string, number, true, false or null values.';

function parseValue(raw: string): unknown {
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(raw);
  if (quoted) return quoted[1] ?? quoted[2];
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  const n = Number(raw);
  if (raw !== '' && Number.isFinite(n)) return n;
  throw new RegistryError('ArgumentInvalid', `Cannot read the value ${raw}. ${SUPPORTED}`);
}

export function parseQuery(query: string): { modules: boolean; where: Condition[] } {
  const m = /^\s*SELECT\s+\*\s+FROM\s+(devices(?:\.modules)?)(?:\s+WHERE\s+(.+?))?\s*$/is.exec(
    query,
  );
  if (!m) throw new RegistryError('ArgumentInvalid', SUPPORTED);
  const where = (m[2] ? m[2].split(/\s+AND\s+/i) : []).map((cond) => {
    const c = /^\s*([A-Za-z0-9_$.]+)\s*(=|!=|<>)\s*(.+?)\s*$/.exec(cond);
    if (!c)
      throw new RegistryError(
        'ArgumentInvalid',
        `Cannot read the condition '${cond.trim()}'. ${SUPPORTED}`,
      );
    return { path: (c[1] ?? '').split('.'), negate: c[2] !== '=', value: parseValue(c[3] ?? '') };
  });
  return { modules: m[1]?.toLowerCase() === 'devices.modules', where };
}

function at(doc: unknown, path: string[]): unknown {
  let node = doc;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function queryRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/devices/query',
      right: 'RegistryRead',
      handle: async (r) => {
        const body = parseJson(await readBody(r.req, 64 * 1024)) as { query?: unknown } | undefined;
        if (typeof body?.query !== 'string')
          throw new RegistryError('ArgumentInvalid', 'The body must be {"query": "SELECT ..."}.');
        const { modules, where } = parseQuery(body.query);
        const twins = deps.ctx.store.registry
          .listAll()
          .filter((i) => (i.record.moduleId !== undefined) === modules)
          .map((i) => twinJson(i, liveOf(deps, i)))
          .filter((twin) => where.every((c) => (at(twin, c.path) === c.value) !== c.negate));
        return { status: 200, body: twins, headers: { 'x-ms-item-type': 'Twin' } };
      },
    },
  ];
}

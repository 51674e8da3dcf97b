// `POST /devices/query` (spec §8.2; Microsoft Learn, "IoT Hub query language for device and module
// twins, jobs, and message routing", "Queries for IoT Hub jobs"): the query engine of
// emulator/query/ over device twins, module twins and device job records, one page per call
// (x-ms-max-item-count, x-ms-continuation only while more remain).

import { documentsOf } from '../query/documents.ts';
import { evaluate, page, pageSize, parseQuery } from '../query/run.ts';
import { RegistryError } from '../registry.ts';

import type { ApiDeps } from './deps.ts';
import { parseJson, readBody } from './http.ts';
import type { Route } from './router.ts';

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
        const query = parseQuery(body.query);
        const header = (name: string) => {
          const v = r.req.headers[name];
          return typeof v === 'string' ? v : undefined;
        };
        const size = pageSize(header('x-ms-max-item-count'));
        const rows = evaluate(query, documentsOf(deps.ctx, deps.sessions, query.from));
        const result = page(rows, body.query, size, header('x-ms-continuation'));
        // Item types as the SDKs read them (azure-iothub query.ts; C# QueryResultType).
        const itemType = query.select
          ? 'raw'
          : query.from === 'devices.jobs'
            ? 'deviceJob'
            : 'twin';
        return {
          status: 200,
          body: result.items,
          headers: {
            'x-ms-item-type': itemType,
            ...(result.continuation ? { 'x-ms-continuation': result.continuation } : {}),
          },
        };
      },
    },
  ];
}

// Jobs v2 REST (Microsoft Learn, REST "Service - Create Job", "Get Job", "Cancel Job", "Query
// Jobs"): PUT /jobs/v2/{id}, GET /jobs/v2/{id}, POST /jobs/v2/{id}/cancel and GET (or POST)
// /jobs/v2/query?jobType=&jobStatus= with x-ms-max-item-count / x-ms-continuation paging.
// The right needed is ServiceConnect (jobs run twin updates and direct methods; UNCONFIRMED
// which right the hub checks).

import type { JobsFeature } from '../features/jobs.ts';
import { page, pageSize } from '../query/run.ts';

import { parseJson, readBody, type Reply } from './http.ts';
import { routesNeeding, type Route, type RouteRequest } from './router.ts';

function queryJobs(jobs: JobsFeature, r: RouteRequest): Reply {
  const type = r.query.get('jobType') ?? undefined;
  const status = r.query.get('jobStatus') ?? undefined;
  const found = jobs
    .list()
    .filter(
      (j) =>
        (type === undefined || j.type === type) && (status === undefined || j.status === status),
    );
  const header = (name: string) => {
    const v = r.req.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  const key = `jobs?${type ?? ''}&${status ?? ''}`;
  const result = page(
    found,
    key,
    pageSize(header('x-ms-max-item-count')),
    header('x-ms-continuation'),
  );
  return {
    status: 200,
    body: result.items,
    headers: {
      'x-ms-item-type': 'jobResponse',
      ...(result.continuation ? { 'x-ms-continuation': result.continuation } : {}),
    },
  };
}

export function jobRoutes(jobs: JobsFeature): Route[] {
  const route = routesNeeding('ServiceConnect');
  return [
    // Before /jobs/v2/:id, which would take "query" for a job ID.
    route('GET', '/jobs/v2/query', (r) => queryJobs(jobs, r)),
    route('POST', '/jobs/v2/query', (r) => queryJobs(jobs, r)),
    route('PUT', '/jobs/v2/:id', async (r) => {
      const body = parseJson(await readBody(r.req, 128 * 1024));
      return { status: 200, body: jobs.create(r.params.id ?? '', body) };
    }),
    route('GET', '/jobs/v2/:id', (r) => ({ status: 200, body: jobs.get(r.params.id ?? '') })),
    route('POST', '/jobs/v2/:id/cancel', (r) => ({
      status: 200,
      body: jobs.cancel(r.params.id ?? ''),
    })),
  ];
}

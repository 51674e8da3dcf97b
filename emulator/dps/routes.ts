// The DPS REST surfaces on the hub's HTTP(S) port (issue 11): the device registration API
// (`/{idScope}/registrations/{registrationId}/register` and `/operations/{operationId}`; Microsoft
// Learn, "How to use symmetric keys over HTTPS without an SDK") and the provisioning service API
// for enrollments and registration states (REST "Individual Enrollment", "Enrollment Group",
// "Device Registration State"), authorized with the hub's shared access policies: in the emulator
// the provisioning service's connection string is the hub's.

import { readBody, parseJson, ifMatch, type Reply } from '../api/http.ts';
import type { Route, RouteRequest } from '../api/router.ts';
import type { HubContext } from '../context.ts';
import type { EnrollmentKind } from '../store/dps-store.ts';
import { peerChain } from '../x509/peer.ts';

import { DpsError, type Enrollment, enrollmentFrom, enrollmentJson } from './enrollments.ts';
import { dpsErrorBody, type Dps, type DpsReply, type RegistrationState } from './service.ts';

const BODY_LIMIT = 64 * 1024;

const reply = (r: DpsReply): Reply => ({
  status: r.status,
  body: r.body,
  ...(r.retryAfter !== undefined ? { headers: { 'retry-after': String(r.retryAfter) } } : {}),
});

const failure = (e: DpsError): Reply => ({ status: e.status, body: dpsErrorBody(e) });

async function jsonBody(r: RouteRequest): Promise<Record<string, unknown>> {
  const parsed = parseJson(await readBody(r.req, BODY_LIMIT));
  if (
    parsed !== undefined &&
    (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
  )
    throw new DpsError(400, 400004, 'The request body must be a JSON object');
  return (parsed ?? {}) as Record<string, unknown>;
}

/** Runs a handler, answering a DpsError in DPS's error shape. */
const dpsHandler =
  (fn: (r: RouteRequest) => Promise<Reply> | Reply) =>
  async (r: RouteRequest): Promise<Reply> => {
    try {
      return await fn(r);
    } catch (e) {
      if (e instanceof DpsError) return failure(e);
      throw e;
    }
  };

const credentialsOf = (r: RouteRequest) => ({
  token: r.req.headers.authorization,
  certificates: r.req.headers.authorization ? undefined : peerChain(r.req.socket),
});

function enrollmentRoutes(ctx: HubContext, kind: EnrollmentKind, segment: string): Route[] {
  const group = kind === 'group';
  const noun = group ? 'enrollment group' : 'enrollment';
  const find = (id: string) => {
    const found = ctx.store.dps.getEnrollment<Enrollment>(kind, id);
    if (!found) throw new DpsError(404, 404201, `No ${noun} '${id}' exists`);
    return found;
  };
  const checkEtag = (r: RouteRequest, current: Enrollment | undefined) => {
    const wanted = ifMatch(r.req);
    if (
      wanted !== undefined &&
      wanted !== '*' &&
      current &&
      current.etag.replace(/"/g, '') !== wanted
    )
      throw new DpsError(412, 412002, `The ${noun}'s etag is not '${wanted}'`);
  };
  return [
    {
      method: 'PUT',
      path: `/${segment}/:id`,
      right: 'RegistryWrite',
      handle: dpsHandler(async (r) => {
        const id = r.params.id ?? '';
        const existing = ctx.store.dps.getEnrollment<Enrollment>(kind, id);
        checkEtag(r, existing);
        const enrollment = enrollmentFrom(await jsonBody(r), id, group, existing);
        ctx.store.dps.saveEnrollment(kind, id, enrollment);
        return { status: 200, body: enrollmentJson(enrollment) };
      }),
    },
    {
      method: 'GET',
      path: `/${segment}/:id`,
      right: 'RegistryRead',
      handle: dpsHandler((r) => ({ status: 200, body: enrollmentJson(find(r.params.id ?? '')) })),
    },
    {
      method: 'DELETE',
      path: `/${segment}/:id`,
      right: 'RegistryWrite',
      handle: dpsHandler((r) => {
        const id = r.params.id ?? '';
        checkEtag(r, find(id));
        ctx.store.dps.removeEnrollment(kind, id);
        return { status: 204 };
      }),
    },
    {
      method: 'POST',
      path: `/${segment}/query`,
      right: 'RegistryRead',
      handle: dpsHandler(() => ({
        status: 200,
        body: ctx.store.dps.listEnrollments<Enrollment>(kind).map(enrollmentJson),
        headers: { 'x-ms-item-type': group ? 'enrollmentGroup' : 'enrollment' },
      })),
    },
  ];
}

export function dpsRoutes(ctx: HubContext, dps: Dps): Route[] {
  return [
    {
      method: 'PUT',
      path: '/:scope/registrations/:registrationId/register',
      right: 'none',
      handle: async (r) => {
        const body = (parseJson(await readBody(r.req, BODY_LIMIT)) ?? {}) as {
          registrationId?: unknown;
          payload?: unknown;
        };
        const { scope = '', registrationId = '' } = r.params;
        return reply(await dps.register(scope, registrationId, body, credentialsOf(r)));
      },
    },
    {
      method: 'GET',
      path: '/:scope/registrations/:registrationId/operations/:operationId',
      right: 'none',
      handle: async (r) => {
        const { scope = '', registrationId = '', operationId = '' } = r.params;
        return reply(
          await dps.operationStatus(scope, registrationId, operationId, credentialsOf(r)),
        );
      },
    },
    ...enrollmentRoutes(ctx, 'individual', 'enrollments'),
    ...enrollmentRoutes(ctx, 'group', 'enrollmentGroups'),
    {
      method: 'GET',
      path: '/registrations/:id',
      right: 'RegistryRead',
      handle: dpsHandler((r) => {
        const state = ctx.store.dps.getState<RegistrationState>(r.params.id ?? '');
        if (!state)
          throw new DpsError(404, 404201, `No registration '${r.params.id ?? ''}' exists`);
        return { status: 200, body: state };
      }),
    },
    {
      method: 'DELETE',
      path: '/registrations/:id',
      right: 'RegistryWrite',
      handle: dpsHandler((r) => {
        if (!ctx.store.dps.removeState(r.params.id ?? ''))
          throw new DpsError(404, 404201, `No registration '${r.params.id ?? ''}' exists`);
        return { status: 204 };
      }),
    },
  ];
}

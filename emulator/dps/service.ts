// The emulator's Device Provisioning Service (issue 11): one instance with an ID scope, serving
// registration on the hub's own host (MQTT, HTTPS). A registration is attested (attest.ts),
// assigned to this hub at once (the device created or updated in the registry, with the
// enrollment's initial twin when new), and answered as DPS does: 202 "assigning" with an
// operation ID, then the operation status 200 "assigned" (Microsoft Learn, "How to use symmetric
// keys over HTTPS without an SDK"; "Communicate with your DPS using the MQTT protocol").

import { randomBytes, randomUUID, type X509Certificate } from 'node:crypto';

import type { HubContext } from '../context.ts';
import { createIdentity, RegistryError, updateIdentity, updateServiceTwin } from '../registry.ts';
import { thumbprints } from '../x509/certificates.ts';

import { attest, type Attested } from './attest.ts';
import { DpsError } from './enrollments.ts';

export type RegistrationState = {
  registrationId: string;
  createdDateTimeUtc: string;
  assignedHub?: string;
  deviceId?: string;
  status: 'assigned' | 'failed' | 'disabled';
  substatus?: 'initialAssignment' | 'deviceDataMigrated';
  errorCode?: number;
  errorMessage?: string;
  lastUpdatedDateTimeUtc: string;
  etag: string;
  payload?: unknown;
};

export type DpsReply = { status: number; body: unknown; retryAfter?: number };

export type Credentials = {
  token?: string | undefined;
  certificates?: X509Certificate[] | undefined;
};

/** DPS's error body (Learn, "Device Provisioning Service error codes"). */
export const dpsErrorBody = (e: DpsError) => ({
  errorCode: e.errorCode,
  trackingId: randomUUID(),
  message: e.message,
  timestampUtc: new Date().toISOString(),
});

/** Seconds a client waits before asking for the operation's status. DPS says 3; the emulator has
 *  already assigned the device when it answers, so it asks for the least whole second. */
const RETRY_AFTER_SECONDS = 1;
const MAX_OPERATIONS = 10_000;

/** `0ne` + 8 hex digits, the shape of DPS ID scopes; kept in the hub's meta table. */
export function idScopeOf(ctx: HubContext, requested?: string): string {
  if (requested) {
    ctx.store.registry.setMeta('dps.idScope', requested);
    return requested;
  }
  const stored = ctx.store.registry.getMeta('dps.idScope');
  if (stored) return stored;
  const scope = `0ne${randomBytes(4).toString('hex').toUpperCase()}`;
  ctx.store.registry.setMeta('dps.idScope', scope);
  return scope;
}

export function createDps(ctx: HubContext, requestedScope?: string) {
  const idScope = idScopeOf(ctx, requestedScope);
  const operations = new Map<string, RegistrationState>();

  /** Creates or updates the hub device of an attested registration. */
  function assign(registrationId: string, a: Attested, payload: unknown): RegistrationState {
    const now = new Date().toISOString();
    const previous = ctx.store.dps.getState<RegistrationState>(registrationId);
    const base = {
      registrationId,
      createdDateTimeUtc: previous?.createdDateTimeUtc ?? now,
      lastUpdatedDateTimeUtc: now,
      etag: `"${randomUUID()}"`,
      ...(payload !== undefined ? { payload } : {}),
    };
    if (a.enrollment.provisioningStatus === 'disabled') {
      return {
        ...base,
        status: 'disabled',
        errorCode: 401003,
        errorMessage: 'The enrollment is disabled',
      };
    }
    const deviceId = a.enrollment.deviceId ?? registrationId;
    const authentication = a.certificate
      ? {
          type: 'selfSigned',
          x509Thumbprint: { primaryThumbprint: thumbprints(a.certificate).sha1 },
        }
      : { type: 'sas', symmetricKey: a.keys };
    const input = {
      authentication,
      ...(a.enrollment.capabilities ? { capabilities: a.enrollment.capabilities } : {}),
    };
    try {
      const existing = ctx.store.registry.get(deviceId);
      if (existing) {
        // Reprovisioning keeps the twin (DPS's default reprovision policy migrates device data).
        updateIdentity(ctx, existing, input);
        return {
          ...base,
          status: 'assigned',
          substatus: 'deviceDataMigrated',
          assignedHub: ctx.hostName,
          deviceId,
        };
      }
      const created = createIdentity(ctx, deviceId, undefined, input);
      const twin = a.enrollment.initialTwin;
      if (
        twin &&
        (Object.keys(twin.tags ?? {}).length || Object.keys(twin.properties?.desired ?? {}).length)
      )
        updateServiceTwin(
          ctx,
          created,
          { tags: twin.tags ?? {}, desired: twin.properties?.desired ?? {} },
          'merge',
        );
      return {
        ...base,
        status: 'assigned',
        substatus: 'initialAssignment',
        assignedHub: ctx.hostName,
        deviceId,
      };
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      return { ...base, status: 'failed', errorCode: 400004, errorMessage: e.message };
    }
  }

  /** Checks the scope and attests the device, then answers with `fn`; a DpsError on the way is
   *  answered in DPS's error shape. */
  async function answer(
    scope: string,
    registrationId: string,
    credentials: Credentials,
    fn: (attested: Attested) => DpsReply,
  ): Promise<DpsReply> {
    try {
      if (scope.toLowerCase() !== idScope.toLowerCase())
        throw new DpsError(401, 401002, `'${scope}' is not the ID scope of this DPS (${idScope})`);
      return fn(await attest(ctx, idScope, registrationId, credentials));
    } catch (e) {
      if (e instanceof DpsError) return { status: e.status, body: dpsErrorBody(e) };
      throw e;
    }
  }

  return {
    idScope,
    /** Why `registrationId` cannot attest with `credentials`, or undefined when it can (MQTT
     *  CONNECT). */
    async authenticate(
      registrationId: string,
      credentials: Credentials,
    ): Promise<string | undefined> {
      const r = await answer(idScope, registrationId, credentials, () => ({
        status: 200,
        body: {},
      }));
      return r.status === 200 ? undefined : (r.body as { message: string }).message;
    },
    /** PUT …/register (HTTPS) or $dps/registrations/PUT/iotdps-register (MQTT). */
    register: (
      scope: string,
      registrationId: string,
      body: { registrationId?: unknown; payload?: unknown } | undefined,
      credentials: Credentials,
    ): Promise<DpsReply> =>
      answer(scope, registrationId, credentials, (attested) => {
        if (body?.registrationId !== undefined && body.registrationId !== registrationId)
          throw new DpsError(400, 400004, 'The body names another registrationId than the request');
        const state = assign(registrationId, attested, body?.payload);
        ctx.store.dps.saveState(registrationId, state);
        const operationId = `5.${randomBytes(8).toString('hex')}.${randomUUID()}`;
        operations.set(operationId, state);
        if (operations.size > MAX_OPERATIONS)
          operations.delete(operations.keys().next().value as string);
        ctx.log(`DPS: '${registrationId}' ${state.status} ${state.deviceId ?? ''}`);
        return {
          status: 202,
          body: { operationId, status: 'assigning' },
          retryAfter: RETRY_AFTER_SECONDS,
        };
      }),
    /** GET …/operations/{id} or $dps/registrations/GET/iotdps-get-operationstatus. */
    operationStatus: (
      scope: string,
      registrationId: string,
      operationId: string,
      credentials: Credentials,
    ): Promise<DpsReply> =>
      answer(scope, registrationId, credentials, () => {
        const state = operations.get(operationId);
        if (!state || state.registrationId !== registrationId)
          throw new DpsError(404, 404201, `No operation '${operationId}' for '${registrationId}'`);
        return {
          status: 200,
          body: { operationId, status: state.status, registrationState: state },
        };
      }),
  };
}

export type Dps = ReturnType<typeof createDps>;

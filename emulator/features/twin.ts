// Device twin (spec §3.3, §4) over any DeviceLink: GET → 200 with desired/reported, reported
// PATCH → 204 with the new `$version`, errors → JSON bodies with `errorCode` (the Node SDK only
// looks at the body, spec §0.2), desired changes → a desired patch with `$version`.

import { HUB_ERRORS } from '../../src/iothub/hub-errors.ts';
import type { HubContext } from '../context.ts';
import { checkPatch, newTrackingId, patchReported, RegistryError } from '../registry.ts';
import type { Session, Sessions } from '../sessions.ts';
import { hubTime } from '../time.ts';

function errorBody(name: string, message: string): string {
  const code = HUB_ERRORS[name]?.code ?? 400004;
  return JSON.stringify({
    errorCode: code,
    trackingId: newTrackingId(),
    message,
    timestampUtc: hubTime(),
  });
}

export function createTwinFeature(ctx: HubContext, sessions: Sessions) {
  const respond = (
    session: Session,
    status: number,
    rid: string,
    body: string,
    version?: number,
  ) => {
    // The hub answers on the response topic only to a device subscribed to it (spec §3.3).
    if (session.link.receives('twin-responses') === undefined) return;
    session.link.twinResponse(rid, status, body, version);
  };

  const identityOf = (session: Session) =>
    ctx.store.registry.get(session.deviceId, session.moduleId);

  function get(session: Session, rid: string): void {
    // The request body is ignored: Node sends a single space (spec §0.5).
    const identity = identityOf(session);
    if (!identity) {
      respond(session, 404, rid, errorBody('DeviceNotFound', 'The identity no longer exists'));
      return;
    }
    const { twin } = identity;
    const body = {
      desired: { ...twin.desired, $version: twin.desiredVersion },
      reported: { ...twin.reported, $version: twin.reportedVersion },
    };
    respond(session, 200, rid, JSON.stringify(body));
  }

  function patch(session: Session, rid: string, payload: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      respond(
        session,
        400,
        rid,
        errorBody('ArgumentInvalid', 'The reported properties patch is not valid JSON'),
      );
      return;
    }
    const identity = identityOf(session);
    if (!identity) {
      respond(session, 404, rid, errorBody('DeviceNotFound', 'The identity no longer exists'));
      return;
    }
    try {
      const next = patchReported(ctx, identity, checkPatch(parsed, 'reported'));
      respond(session, 204, rid, '', next.twin.reportedVersion);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      respond(session, 400, rid, errorBody(e.hubError, e.message));
    }
  }

  // Desired notifications go only to a connected, subscribed device; they are not queued (§1.9).
  const onDesired: Parameters<typeof ctx.bus.on<'desired'>>[1] = (identity, applied) => {
    const { deviceId, moduleId } = identity.record;
    const session = sessions.get(deviceId, moduleId);
    if (!session || session.link.receives('twin-desired') === undefined) return;
    const version = identity.twin.desiredVersion;
    session.link.desiredPatch(version, JSON.stringify({ ...applied, $version: version }));
  };
  ctx.bus.on('desired', onDesired);

  return { get, patch, close: () => ctx.bus.off('desired', onDesired) };
}

export type TwinFeature = ReturnType<typeof createTwinFeature>;

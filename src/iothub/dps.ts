// Device Provisioning Service registration with a symmetric key, as pure protocol (Microsoft
// Learn, "Symmetric key attestation" and "How to use symmetric keys over HTTPS without an SDK"):
// the key a group derives for one registration ID, the registration SAS token, and the reading of
// DPS's answers. The HTTP exchange itself is src/device/dps-client.ts.

import { base64ToBytes, bytesToBase64 } from './encoding.ts';
import { err, ok, type Result } from './result.ts';
import { hmacSha256, signSasToken } from './sas-token.ts';

/** DPS's API version for device registration (Learn, as above). */
export const DPS_API_VERSION = '2019-03-31';

/** A group's key for one device: base64(HMAC-SHA256(base64-decode(groupKey), registrationId)). */
export async function deriveDeviceKey(groupKey: string, registrationId: string): Promise<string> {
  const key = base64ToBytes(groupKey);
  if (!key) throw new TypeError('The group key is not base64');
  return bytesToBase64(await hmacSha256(key, registrationId));
}

/** The registration SAS token: `sr` = `{idScope}/registrations/{registrationId}`, `skn` =
 *  `registration`. */
export function registrationToken(
  idScope: string,
  registrationId: string,
  key: string,
  expiresAt: number,
): Promise<string> {
  return signSasToken({
    resourceUri: `${idScope}/registrations/${registrationId}`,
    key,
    keyName: 'registration',
    expiresAt,
  });
}

export type DpsOperation =
  | { kind: 'pending'; operationId: string }
  | { kind: 'assigned'; assignedHub: string; deviceId: string }
  | { kind: 'failed'; message: string };

/** Reads a register or operation-status answer (HTTP status and JSON body). */
export function readOperation(status: number, body: unknown): Result<DpsOperation> {
  const b = (body ?? {}) as {
    operationId?: unknown;
    status?: unknown;
    message?: unknown;
    errorCode?: unknown;
    registrationState?: {
      assignedHub?: unknown;
      deviceId?: unknown;
      errorMessage?: unknown;
    };
  };
  if (status >= 300) {
    const code = typeof b.errorCode === 'number' ? ` (${b.errorCode})` : '';
    const message = typeof b.message === 'string' ? b.message : 'no message';
    return err(`DPS answered ${status}${code}: ${message}`);
  }
  if ((b.status === 'assigning' || b.status === 'unassigned') && typeof b.operationId === 'string')
    return ok({ kind: 'pending', operationId: b.operationId });
  const state = b.registrationState;
  if (
    b.status === 'assigned' &&
    typeof state?.assignedHub === 'string' &&
    typeof state.deviceId === 'string'
  )
    return ok({ kind: 'assigned', assignedHub: state.assignedHub, deviceId: state.deviceId });
  const why = typeof state?.errorMessage === 'string' ? `: ${state.errorMessage}` : '';
  return ok({ kind: 'failed', message: `Registration ${String(b.status)}${why}` });
}

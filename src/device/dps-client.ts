// Provisions a device with a symmetric key over DPS's HTTPS API (Microsoft Learn, "How to use
// symmetric keys over HTTPS without an SDK"): PUT …/register, then GET …/operations/{id} after
// each Retry-After until the device is assigned. Used by the console against the emulator's DPS,
// which serves these routes on the page's own origin.

import {
  DPS_API_VERSION,
  deriveDeviceKey,
  readOperation,
  registrationToken,
} from '../iothub/dps.ts';

export type ProvisionRequest = {
  /** `https://global.azure-devices-provisioning.net`, or the emulator's origin. */
  endpoint: string;
  idScope: string;
  registrationId: string;
  key: string;
  /** `key` is an enrollment group's key: the device key is derived from it. */
  groupKey: boolean;
};

export type Provisioned = { assignedHub: string; deviceId: string; deviceKey: string };

const MAX_POLLS = 20;

const wait = (seconds: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(seconds, 0), 10) * 1000));

export async function provisionWithSymmetricKey(r: ProvisionRequest): Promise<Provisioned> {
  const deviceKey = r.groupKey ? await deriveDeviceKey(r.key, r.registrationId) : r.key;
  const token = await registrationToken(
    r.idScope,
    r.registrationId,
    deviceKey,
    Math.floor(Date.now() / 1000) + 3600,
  );
  const base = `${r.endpoint}/${encodeURIComponent(r.idScope)}/registrations/${encodeURIComponent(r.registrationId)}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}?api-version=${DPS_API_VERSION}`, {
      method,
      headers: { authorization: token, 'content-type': 'application/json; charset=utf-8' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text };
    }
    const read = readOperation(response.status, json);
    if (!read.ok) throw new Error(read.error);
    return { operation: read.value, retryAfter: Number(response.headers.get('retry-after') ?? 2) };
  };
  let next = await call('PUT', '/register', { registrationId: r.registrationId });
  for (let polls = 0; polls < MAX_POLLS; polls++) {
    const { operation } = next;
    if (operation.kind === 'assigned') return { ...operation, deviceKey };
    if (operation.kind === 'failed') throw new Error(operation.message);
    await wait(next.retryAfter);
    next = await call('GET', `/operations/${encodeURIComponent(operation.operationId)}`);
  }
  throw new Error(`DPS did not assign the device after ${MAX_POLLS} status requests`);
}

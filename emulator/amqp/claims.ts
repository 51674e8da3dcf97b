// Claims-based security (CBS) put-token: which identity a SAS token proves on an AMQP connection
// (Microsoft Learn, "Communicate with your IoT hub by using the AMQP Protocol", sections "Service
// client" and "Device client": the client puts a token on `$cbs` for an audience, then attaches
// links the token covers). The same SAS rules as MQTT CONNECT (auth.ts): device and module keys, or
// a policy; service links need a policy with ServiceConnect.

import { parseSasToken } from '../../src/iothub/sas-token.ts';
import { authenticateDeviceToken, type DeviceAuth } from '../auth.ts';
import type { HubContext } from '../context.ts';
import { verifyHubToken } from '../sas.ts';

export type Claim =
  | { kind: 'service'; audience: string; policy: string; expiresAt: number }
  | { kind: 'device'; audience: string; auth: DeviceAuth; expiresAt: number };

/** A refused put-token: `status` is the CBS `status-code` (400 malformed, 401 not authorized). */
export type ClaimFailure = { status: 400 | 401; description: string };

/** `sb://Host:5671/a/b` or `host/a/b` → [host without port, ...path segments], URL-decoded. */
function audienceSegments(audience: string): string[] {
  let decoded = audience;
  try {
    decoded = decodeURIComponent(audience);
  } catch {
    // keep it raw: the comparison below then fails with a clear description
  }
  const path = decoded.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const [host = '', ...rest] = path.split('/').filter((s) => s !== '');
  return [host.replace(/:\d+$/, '').toLowerCase(), ...rest];
}

async function servicePolicyClaim(
  ctx: HubContext,
  audience: string,
  token: string,
  skn: string,
): Promise<Claim | ClaimFailure> {
  const policy = ctx.store.registry.getPolicy(skn);
  if (!policy) return { status: 401, description: `Unknown shared access policy '${skn}'` };
  // IoT Hub signs with the base64-decoded key; Event Hubs clients (the built-in endpoint) sign
  // with the key's characters as they are (Microsoft Learn, "Authenticate access to Event Hubs
  // resources using shared access signatures", "Generate a signature"). Accept either.
  const keys = [policy.primaryKey, policy.secondaryKey];
  const verified = await verifyHubToken(token, [
    ...keys,
    ...keys.map((k) => Buffer.from(k, 'utf8').toString('base64')),
  ]);
  if (!verified.ok) return { status: 401, description: verified.message };
  // The token's resource must be this hub (or the built-in endpoint's namespace, which is
  // this hub's host name here): `myhub.azure-devices.net` or `sb://localhost:5672/hub/...`.
  const [host] = audienceSegments(verified.token.resourceUri);
  if (host !== ctx.hostName.toLowerCase())
    return {
      status: 401,
      description: `Token sr '${verified.token.resourceUri}' is not this hub (${ctx.hostName})`,
    };
  if (!policy.rights.includes('ServiceConnect'))
    return { status: 401, description: `Policy '${skn}' lacks the ServiceConnect permission` };
  return { kind: 'service', audience, policy: skn, expiresAt: verified.token.se };
}

/** Verifies a put-token request (`name` = audience, body = SAS token). */
export async function claimFor(
  ctx: HubContext,
  audience: string | undefined,
  token: string | undefined,
): Promise<Claim | ClaimFailure> {
  if (!audience) return { status: 400, description: "put-token needs a 'name' (the audience)" };
  if (!token) return { status: 400, description: 'put-token needs a SAS token as its body' };
  const parsed = parseSasToken(token);
  if (!parsed.ok) return { status: 400, description: parsed.error };
  const [, first, deviceId, third, moduleId] = audienceSegments(audience);
  const isDevice = first?.toLowerCase() === 'devices' && deviceId !== undefined;
  if (!isDevice) {
    if (parsed.value.skn === undefined)
      return {
        status: 401,
        description: `Audience '${audience}' is not a device; service tokens name a policy (skn)`,
      };
    return servicePolicyClaim(ctx, audience, token, parsed.value.skn);
  }
  const module = third?.toLowerCase() === 'modules' ? moduleId : undefined;
  const result = await authenticateDeviceToken(
    ctx,
    { deviceId, ...(module !== undefined ? { moduleId: module } : {}) },
    token,
  );
  if (!result.ok) return { status: 401, description: result.error.detail };
  return { kind: 'device', audience, auth: result.value, expiresAt: result.value.expiresAt };
}

export const isClaim = (c: Claim | ClaimFailure): c is Claim => 'kind' in c;

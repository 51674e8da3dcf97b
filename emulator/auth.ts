// Authentication (spec §1.3, §1.4, §8.1): device CONNECT with a device/module key or a policy
// with DeviceConnect, and service REST calls with a shared access policy.

import type { X509Certificate } from 'node:crypto';

import { parseUsername } from '../src/iothub/mqtt-connect.ts';
import { deviceResourceUri, parseSasToken, resourceUriCovers } from '../src/iothub/sas-token.ts';

import { identityKey, type HubContext } from './context.ts';
import { verifyHubToken } from './sas.ts';
import type { ConnectionReason } from './store/connections-store.ts';
import type { Identity } from './store/registry-store.ts';
import { authenticateX509 } from './x509/authenticate.ts';

export type Right = 'RegistryRead' | 'RegistryWrite' | 'ServiceConnect' | 'DeviceConnect';

/** IoT Hub's built-in policies and their rights (spec §1.4, DOC-SAS). */
export const BUILT_IN_POLICIES: Record<string, Right[]> = {
  iothubowner: ['RegistryRead', 'RegistryWrite', 'ServiceConnect', 'DeviceConnect'],
  service: ['ServiceConnect'],
  device: ['DeviceConnect'],
  registryRead: ['RegistryRead'],
  registryReadWrite: ['RegistryRead', 'RegistryWrite'],
};

export type DeviceAuth = {
  identity: Identity;
  /** Stamped on telemetry as `iothub-connection-auth-method` (spec §3.1). */
  authMethod: string;
  expiresAt: number;
  modelId: string;
};

export type AuthFailure = {
  reason: ConnectionReason;
  detail: string;
  deviceId?: string;
  moduleId?: string;
};

export async function authenticateDevice(
  ctx: HubContext,
  clientId: string,
  username: string | undefined,
  password: Buffer | undefined,
  /** The client certificate chain of the TLS connection, leaf first (x509/peer.ts). */
  certificates?: X509Certificate[],
): Promise<{ ok: true; value: DeviceAuth } | { ok: false; error: AuthFailure }> {
  const fail = (
    reason: ConnectionReason,
    detail: string,
    id?: { deviceId: string; moduleId?: string },
  ) => ({ ok: false, error: { reason, detail, ...id } }) as const;
  if (username === undefined) return fail('malformed-username', 'CONNECT carried no username');
  const parsed = parseUsername(username);
  if (!parsed.ok) return fail('malformed-username', parsed.error);
  const { deviceId, moduleId, hostName } = parsed.value;
  const id = { deviceId, ...(moduleId !== undefined ? { moduleId } : {}) };
  if (identityKey(deviceId, moduleId) !== clientId) {
    return fail(
      'client-id-mismatch',
      `Client id '${clientId}' does not match username identity '${identityKey(deviceId, moduleId)}'`,
      id,
    );
  }
  if (hostName.toLowerCase() !== ctx.hostName.toLowerCase()) {
    return fail(
      'malformed-username',
      `Username host '${hostName}' is not this hub (${ctx.hostName})`,
      id,
    );
  }
  const modelId = parsed.value.query['model-id'] ?? '';
  // An X.509 device omits the password (spec §1.12): its TLS client certificate authenticates.
  if (password === undefined || password.length === 0)
    return authenticateX509(ctx, id, certificates, modelId);
  return authenticateDeviceToken(ctx, id, password.toString('utf8'), modelId);
}

/**
 * The SAS rules every device transport shares (spec §1.3, §1.4): a registered, enabled identity
 * (and device, for a module), a token signed with its key or a DeviceConnect policy's, not
 * expired, whose `sr` covers the identity. MQTT passes its CONNECT password, HTTPS its
 * Authorization header, AMQP its CBS put-token.
 */
export async function authenticateDeviceToken(
  ctx: HubContext,
  id: { deviceId: string; moduleId?: string },
  token: string | undefined,
  modelId = '',
): Promise<{ ok: true; value: DeviceAuth } | { ok: false; error: AuthFailure }> {
  const { deviceId, moduleId } = id;
  const clientId = identityKey(deviceId, moduleId);
  const fail = (reason: ConnectionReason, detail: string) =>
    ({ ok: false, error: { reason, detail, ...id } }) as const;
  const identity = ctx.store.registry.get(deviceId, moduleId);
  if (!identity) {
    return fail(
      'unknown-identity',
      `${moduleId ? 'Module' : 'Device'} '${clientId}' is not registered`,
    );
  }
  if (!token)
    return fail(
      'bad-token',
      'No SAS token was presented (CONNECT password or Authorization header)',
    );
  const parsedToken = parseSasToken(token);
  if (!parsedToken.ok) return fail('bad-token', parsedToken.error);
  const skn = parsedToken.value.skn;
  let keys: string[];
  if (skn !== undefined) {
    const policy = ctx.store.registry.getPolicy(skn);
    if (!policy?.rights.includes('DeviceConnect')) {
      return fail('bad-token', `Policy '${skn}' does not exist or lacks DeviceConnect`);
    }
    keys = [policy.primaryKey, policy.secondaryKey];
  } else {
    if (identity.record.authType !== 'sas') {
      return fail(
        'bad-token',
        `Identity uses ${identity.record.authType} authentication, not keys`,
      );
    }
    keys = [identity.record.primaryKey, identity.record.secondaryKey];
  }
  const verified = await verifyHubToken(token, keys);
  if (!verified.ok) return fail('bad-token', verified.message);
  const target = deviceResourceUri(ctx.hostName, deviceId, moduleId);
  if (!resourceUriCovers(verified.token.resourceUri, target)) {
    return fail('bad-token', `Token sr '${verified.token.resourceUri}' does not cover '${target}'`);
  }
  if (identity.record.status !== 'enabled') {
    return fail('identity-disabled', `'${clientId}' is disabled`);
  }
  if (moduleId !== undefined && ctx.store.registry.get(deviceId)?.record.status !== 'enabled') {
    return fail('identity-disabled', `Device '${deviceId}' of module '${clientId}' is disabled`);
  }
  const scope = skn !== undefined ? 'hub' : moduleId !== undefined ? 'module' : 'device';
  return {
    ok: true,
    value: {
      identity,
      authMethod: JSON.stringify({
        scope,
        type: 'sas',
        issuer: 'iothub',
        acceptingIpFilterRule: null,
      }),
      expiresAt: verified.token.se,
      modelId,
    },
  };
}

/** Checks an `Authorization: SharedAccessSignature ...skn=...` service token; returns a reason on failure. */
export async function authorizeService(
  ctx: HubContext,
  header: string | undefined,
  right: Right,
): Promise<string | undefined> {
  if (!header)
    return 'Missing Authorization header (SharedAccessSignature sr=...&sig=...&se=...&skn=...)';
  const parsed = parseSasToken(header);
  if (!parsed.ok) return `Malformed SAS token: ${parsed.error}`;
  const skn = parsed.value.skn;
  if (skn === undefined)
    return 'The SAS token names no policy (skn); service calls need a shared access policy';
  const policy = ctx.store.registry.getPolicy(skn);
  if (!policy) return `Unknown shared access policy '${skn}'`;
  const verified = await verifyHubToken(header, [policy.primaryKey, policy.secondaryKey]);
  if (!verified.ok) return verified.message;
  if (!resourceUriCovers(verified.token.resourceUri, ctx.hostName)) {
    return `Token sr '${verified.token.resourceUri}' is not this hub (${ctx.hostName})`;
  }
  if (!policy.rights.includes(right)) return `Policy '${skn}' lacks the ${right} permission`;
  return undefined;
}

// JSON shapes of the service API (spec §4.1, §8.2; HUBNODE pl/models Device, Module, Twin).

import type { Identity, IdentityRecord } from '../store/registry-store.ts';

export type Live = { connected: boolean; c2dCount: number };

export const deviceEtag = (r: IdentityRecord): string =>
  Buffer.from(String(r.etagCounter)).toString('base64');

/** Twin etag: base64 of the 8-byte big-endian twin version, like `AAAAAAAAAAc=` (spec §4.1). */
export function twinEtag(version: number): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(version));
  return b.toString('base64');
}

function authentication(r: IdentityRecord) {
  return {
    symmetricKey:
      r.authType === 'sas'
        ? { primaryKey: r.primaryKey, secondaryKey: r.secondaryKey }
        : { primaryKey: null, secondaryKey: null },
    x509Thumbprint: {
      primaryThumbprint: r.primaryThumbprint,
      secondaryThumbprint: r.secondaryThumbprint,
    },
    type: r.authType,
  };
}

/** Nested edge: devices carry `deviceScope` once they have one, and `parentScopes`. */
const scopes = (r: IdentityRecord) => ({
  ...(r.deviceScope !== undefined ? { deviceScope: r.deviceScope } : {}),
  parentScopes: r.parentScopes ?? [],
});

const state = (live: Live) => (live.connected ? 'Connected' : 'Disconnected');

export function deviceJson({ record: r }: Identity, live: Live) {
  return {
    deviceId: r.deviceId,
    generationId: r.generationId,
    etag: deviceEtag(r),
    connectionState: state(live),
    status: r.status,
    statusReason: r.statusReason,
    connectionStateUpdatedTime: r.connectionStateUpdatedTime,
    statusUpdatedTime: r.statusUpdatedTime,
    lastActivityTime: r.lastActivityTime,
    cloudToDeviceMessageCount: live.c2dCount,
    authentication: authentication(r),
    capabilities: { iotEdge: r.iotEdge },
    ...scopes(r),
  };
}

export function moduleJson({ record: r }: Identity, live: Live) {
  return {
    moduleId: r.moduleId,
    deviceId: r.deviceId,
    managedBy: r.managedBy,
    generationId: r.generationId,
    etag: deviceEtag(r),
    connectionState: state(live),
    connectionStateUpdatedTime: r.connectionStateUpdatedTime,
    lastActivityTime: r.lastActivityTime,
    cloudToDeviceMessageCount: live.c2dCount,
    authentication: authentication(r),
  };
}

/** The service view of a twin: keeps `$metadata` and `$version` (spec §4.1). */
export function twinJson({ record: r, twin: t }: Identity, live: Live) {
  return {
    deviceId: r.deviceId,
    ...(r.moduleId !== undefined ? { moduleId: r.moduleId } : {}),
    etag: twinEtag(t.version),
    deviceEtag: deviceEtag(r),
    status: r.status,
    statusReason: r.statusReason,
    statusUpdateTime: r.statusUpdatedTime,
    connectionState: state(live),
    lastActivityTime: r.lastActivityTime,
    cloudToDeviceMessageCount: live.c2dCount,
    authenticationType: r.authType,
    x509Thumbprint: {
      primaryThumbprint: r.primaryThumbprint,
      secondaryThumbprint: r.secondaryThumbprint,
    },
    modelId: t.modelId,
    version: t.version,
    tags: t.tags,
    properties: {
      desired: { ...t.desired, $metadata: t.desiredMeta, $version: t.desiredVersion },
      reported: { ...t.reported, $metadata: t.reportedMeta, $version: t.reportedVersion },
    },
    capabilities: { iotEdge: r.iotEdge },
    ...(r.moduleId === undefined ? scopes(r) : {}),
  };
}

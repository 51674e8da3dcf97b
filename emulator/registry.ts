// Identity registry and twin documents (spec §4, §8.2): create/update/delete with generated keys
// and etags, reported/desired/tags updates with versions and `$metadata`.

import { randomBytes, randomUUID } from 'node:crypto';

import {
  applyTwinPatch,
  checkTwinSize,
  type TwinCollection,
  type TwinSection,
  validateTwinPatch,
} from '../src/iothub/twin.ts';

import type { HubContext } from './context.ts';
import type {
  AuthenticationType,
  Identity,
  IdentityRecord,
  TwinState,
} from './store/registry-store.ts';
import { hubTime } from './time.ts';
import { patchMetadata, replaceMetadata } from './twin-metadata.ts';
import { isThumbprint, normalizeThumbprint } from './x509/certificates.ts';

/** IoT Hub's identity ID rule (spec §1.2): ≤128 ASCII alphanumerics and `-:.+%_#*?!(),=@;$'`. */
const ID_PATTERN = /^[A-Za-z0-9\-:.+%_#*?!(),=@;$']{1,128}$/;

/** A failure with IoT Hub's error name (HUB_ERRORS key), e.g. 'DeviceNotFound' (spec §8.3). */
export class RegistryError extends Error {
  readonly hubError: string;
  /** The `info` object of the error body, e.g. `{ timeout: '00:00:30' }` for 404103 (spec §5). */
  readonly info: Record<string, string> | undefined;
  constructor(hubError: string, message: string, info?: Record<string, string>) {
    super(message);
    this.hubError = hubError;
    this.info = info;
  }
}

export type IdentityInput = {
  status?: unknown;
  statusReason?: unknown;
  authentication?: {
    type?: unknown;
    symmetricKey?: { primaryKey?: unknown; secondaryKey?: unknown } | null;
    x509Thumbprint?: { primaryThumbprint?: unknown; secondaryThumbprint?: unknown } | null;
  } | null;
  capabilities?: { iotEdge?: unknown } | null;
  deviceScope?: unknown;
  parentScopes?: unknown;
  managedBy?: unknown;
};

export const generateKey = (): string => randomBytes(32).toString('base64');

export function validateId(kind: 'device' | 'module', id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new RegistryError(
      'ArgumentInvalid',
      `The ${kind} ID '${id}' is invalid: use at most 128 ASCII letters, digits and - : . + % _ # * ? ! ( ) , = @ ; $ '`,
    );
  }
}

function keyOrGenerated(value: unknown, name: string): string {
  if (value === undefined || value === null || value === '') return generateKey();
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
  if (!bytes || bytes.toString('base64') !== value || bytes.length < 16 || bytes.length > 64) {
    throw new RegistryError(
      'ArgumentInvalid',
      `${name} must be a base64 key of 16 to 64 bytes (leave it empty to have one generated)`,
    );
  }
  return value as string;
}

function freshTwin(): TwinState {
  const stamp = hubTime();
  return {
    tags: {},
    desired: {},
    reported: {},
    desiredVersion: 1,
    reportedVersion: 1,
    version: 1,
    desiredMeta: { $lastUpdated: stamp, $lastUpdatedVersion: 1 },
    reportedMeta: { $lastUpdated: stamp },
    modelId: '',
  };
}

const EDGE_SCOPE_PREFIX = 'ms-azure-iot-edge://';

/** Is `scope` the `deviceScope` of an existing edge device? (`ms-azure-iot-edge://{id}-{generationId}`) */
function isEdgeScope(ctx: HubContext, scope: unknown): scope is string {
  if (typeof scope !== 'string' || !scope.startsWith(EDGE_SCOPE_PREFIX)) return false;
  const rest = scope.slice(EDGE_SCOPE_PREFIX.length);
  const edge = ctx.store.registry.get(rest.slice(0, rest.lastIndexOf('-')));
  return edge?.record.iotEdge === true && edge.record.deviceScope === scope;
}

/**
 * Device scopes (nested edge; `deviceScope` and `parentScopes` of the Device in
 * https://learn.microsoft.com/rest/api/iothub/service/devices/create-or-update-identity): an
 * edge device gets an immutable scope of its own; a leaf device's `deviceScope` may be set to an existing edge device's scope (its parent, so
 * `parentScopes` is `[deviceScope]`) or cleared; an edge device's `parentScopes` names its parent
 * edge device. A scope that is no edge device's is refused with 400 ArgumentInvalid.
 */
function applyScopes(ctx: HubContext, next: IdentityRecord, input: IdentityInput): void {
  if (next.moduleId !== undefined) return;
  const check = (scope: unknown, name: string): string => {
    if (!isEdgeScope(ctx, scope) || scope === next.deviceScope) {
      throw new RegistryError(
        'ArgumentInvalid',
        `${name} '${String(scope)}' is not the scope of an edge device in this hub`,
      );
    }
    return scope;
  };
  const own = `${EDGE_SCOPE_PREFIX}${next.deviceId}-${next.generationId}`;
  if (next.iotEdge) {
    next.deviceScope = own;
    if (Array.isArray(input.parentScopes)) {
      next.parentScopes = input.parentScopes.map((s) => check(s, 'parentScopes'));
    }
    return;
  }
  if (next.deviceScope === own) {
    delete next.deviceScope; // no longer an edge device
    next.parentScopes = [];
  }
  if (input.deviceScope === undefined) return;
  if (input.deviceScope === null || input.deviceScope === '') {
    delete next.deviceScope;
    next.parentScopes = [];
  } else if (input.deviceScope !== next.deviceScope) {
    next.deviceScope = check(input.deviceScope, 'deviceScope');
    next.parentScopes = [next.deviceScope];
  }
}

/**
 * `x509Thumbprint` of a `selfSigned` identity (Microsoft Learn, "Authenticate identities with
 * X.509 certificates"): a primary SHA-1 or SHA-256 hex thumbprint is required, a secondary one
 * optional; kept upper-case without separators. Other types keep none.
 */
function x509Thumbprints(
  type: AuthenticationType,
  tp: { primaryThumbprint?: unknown; secondaryThumbprint?: unknown } | null | undefined,
): { primary: string | null; secondary: string | null } {
  if (type !== 'selfSigned') return { primary: null, secondary: null };
  const read = (value: unknown, name: string, required: boolean): string | null => {
    if ((value === undefined || value === null || value === '') && !required) return null;
    if (typeof value !== 'string' || !isThumbprint(value)) {
      throw new RegistryError(
        'ArgumentInvalid',
        `x509Thumbprint.${name} must be a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint for a selfSigned identity`,
      );
    }
    return normalizeThumbprint(value);
  };
  return {
    primary: read(tp?.primaryThumbprint, 'primaryThumbprint', true),
    secondary: read(tp?.secondaryThumbprint, 'secondaryThumbprint', false),
  };
}

/** Applies the writable fields of a registry PUT body onto a record (new or existing). */
function applyInput(ctx: HubContext, record: IdentityRecord, input: IdentityInput): IdentityRecord {
  const next = { ...record };
  if (input.status !== undefined) {
    if (input.status !== 'enabled' && input.status !== 'disabled') {
      throw new RegistryError('ArgumentInvalid', "status must be 'enabled' or 'disabled'");
    }
    if (input.status !== record.status) next.statusUpdatedTime = hubTime();
    next.status = input.status;
  }
  if (input.statusReason !== undefined) {
    next.statusReason = typeof input.statusReason === 'string' ? input.statusReason : null;
  }
  const auth = input.authentication;
  if (auth) {
    const type = (auth.type ?? 'sas') as AuthenticationType;
    if (!['sas', 'selfSigned', 'certificateAuthority', 'none'].includes(type)) {
      throw new RegistryError(
        'ArgumentInvalid',
        `authentication.type '${String(type)}' is not supported`,
      );
    }
    next.authType = type;
    next.primaryKey = keyOrGenerated(auth.symmetricKey?.primaryKey, 'primaryKey');
    next.secondaryKey = keyOrGenerated(auth.symmetricKey?.secondaryKey, 'secondaryKey');
    const thumbprints = x509Thumbprints(type, auth.x509Thumbprint);
    next.primaryThumbprint = thumbprints.primary;
    next.secondaryThumbprint = thumbprints.secondary;
  }
  if (input.capabilities) next.iotEdge = input.capabilities.iotEdge === true;
  applyScopes(ctx, next, input);
  if (input.managedBy !== undefined) {
    next.managedBy = typeof input.managedBy === 'string' ? input.managedBy : null;
  }
  next.etagCounter = record.etagCounter + 1;
  return next;
}

export function createIdentity(
  ctx: HubContext,
  deviceId: string,
  moduleId: string | undefined,
  input: IdentityInput,
): Identity {
  validateId('device', deviceId);
  if (moduleId !== undefined) validateId('module', moduleId);
  const epoch = '0001-01-01T00:00:00Z';
  const base: IdentityRecord = {
    deviceId,
    ...(moduleId !== undefined ? { moduleId } : {}),
    generationId: `${Date.now()}${randomBytes(3).readUIntBE(0, 3)}`.slice(0, 18),
    etagCounter: 0,
    status: 'enabled',
    statusReason: null,
    statusUpdatedTime: epoch,
    authType: 'sas',
    primaryKey: generateKey(),
    secondaryKey: generateKey(),
    primaryThumbprint: null,
    secondaryThumbprint: null,
    iotEdge: false,
    managedBy: null,
    lastActivityTime: epoch,
    connectionStateUpdatedTime: epoch,
  };
  const identity = { record: applyInput(ctx, base, input), twin: freshTwin() };
  ctx.store.registry.save(identity);
  return identity;
}

export function updateIdentity(
  ctx: HubContext,
  existing: Identity,
  input: IdentityInput,
): Identity {
  const record = applyInput(ctx, existing.record, input);
  const identity = { record, twin: existing.twin };
  ctx.store.registry.save(identity);
  if (record.status === 'disabled' && existing.record.status === 'enabled') {
    ctx.bus.emit('revoked', { ...idOf(record), deleted: false });
  }
  return identity;
}

export function deleteIdentity(ctx: HubContext, identity: Identity): void {
  const { deviceId, moduleId } = identity.record;
  ctx.store.transaction(() => {
    ctx.store.registry.remove(deviceId, moduleId);
    if (moduleId === undefined) {
      ctx.store.c2d.purge(deviceId);
      ctx.store.sessions.clearDevice(deviceId);
    } else {
      ctx.store.sessions.clear(`${deviceId}/${moduleId}`);
    }
  });
  ctx.bus.emit('revoked', { ...idOf(identity.record), deleted: true });
}

const idOf = (r: IdentityRecord) => ({
  deviceId: r.deviceId,
  ...(r.moduleId !== undefined ? { moduleId: r.moduleId } : {}),
});

/** Validates a patch for a twin section, answering IoT Hub's 400004 on failure (spec §4.3). */
export function checkPatch(patch: unknown, section: TwinSection): TwinCollection {
  const result = validateTwinPatch(patch, section);
  if (!result.ok) throw new RegistryError('ArgumentInvalid', result.error.message);
  return result.value;
}

function merged(doc: TwinCollection, patch: TwinCollection, section: TwinSection): TwinCollection {
  const next = applyTwinPatch(doc, patch);
  const size = checkTwinSize(next, section);
  if (!size.ok) throw new RegistryError('ArgumentInvalid', size.error.message);
  return next;
}

/** Device reported PATCH (spec §3.3, §4.2): merge, bump `$version`, return the new identity. */
export function patchReported(
  ctx: HubContext,
  identity: Identity,
  patch: TwinCollection,
): Identity {
  const twin = { ...identity.twin };
  twin.reported = merged(twin.reported, patch, 'reported');
  twin.reportedVersion += 1;
  twin.version += 1;
  twin.reportedMeta = patchMetadata(twin.reportedMeta, patch, hubTime());
  const next = { record: identity.record, twin };
  ctx.store.registry.save(next);
  return next;
}

/** A section set to null is cleared (merge patch, spec §4.2). */
export type ServiceTwinUpdate = { tags?: TwinCollection | null; desired?: TwinCollection | null };

/** The merge patch that removes every property of `doc`: each top-level key set to null. */
const clearing = (doc: TwinCollection): TwinCollection =>
  Object.fromEntries(Object.keys(doc).map((k) => [k, null]));

/**
 * Service twin PATCH (merge) or PUT (replace) of tags and desired (spec §4.2). Emits `desired`
 * with what the device must be told: the applied patch, or the whole new desired on replace.
 */
export function updateServiceTwin(
  ctx: HubContext,
  identity: Identity,
  update: ServiceTwinUpdate,
  mode: 'merge' | 'replace',
): Identity {
  const twin = { ...identity.twin };
  const stamp = hubTime();
  if (update.tags !== undefined) {
    const tags = update.tags ?? (mode === 'merge' ? clearing(twin.tags) : {});
    twin.tags = mode === 'merge' ? merged(twin.tags, tags, 'tags') : merged({}, tags, 'tags');
  }
  let notify: TwinCollection | undefined;
  if (update.desired !== undefined) {
    const version = twin.desiredVersion + 1;
    const desired = update.desired ?? (mode === 'merge' ? clearing(twin.desired) : {});
    if (mode === 'merge') {
      twin.desired = merged(twin.desired, desired, 'desired');
      twin.desiredMeta = patchMetadata(twin.desiredMeta, desired, stamp, version);
      // The device is told what was removed: each former property as null (spec §4.2).
      notify = desired;
    } else {
      twin.desired = merged({}, desired, 'desired');
      twin.desiredMeta = replaceMetadata(twin.desired, stamp, version);
      notify = twin.desired;
    }
    twin.desiredVersion = version;
  }
  twin.version += 1;
  const next = { record: identity.record, twin };
  ctx.store.registry.save(next);
  if (notify !== undefined) ctx.bus.emit('desired', next, notify);
  return next;
}

export function newTrackingId(): string {
  return randomUUID().replace(/-/g, '');
}

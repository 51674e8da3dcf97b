// Enrollments of the emulator's Device Provisioning Service, in the provisioning service REST
// API's shape (Microsoft Learn, REST "Individual Enrollment - Create Or Update", "Enrollment
// Group - Create Or Update"): validation of what a client PUTs, generated keys, etags, and the
// certificate `info` DPS shows instead of an uploaded certificate.

import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';

import { type TwinCollection, validateTwinPatch } from '../../src/iothub/twin.ts';
import { thumbprints } from '../x509/certificates.ts';

export type SymmetricKeyAttestation = { primaryKey: string; secondaryKey: string };
export type X509Pair = { primary?: { certificate?: string }; secondary?: { certificate?: string } };
export type Attestation =
  | { type: 'symmetricKey'; symmetricKey: SymmetricKeyAttestation }
  | { type: 'x509'; x509: { clientCertificates?: X509Pair; signingCertificates?: X509Pair } };

export type InitialTwin = {
  tags?: TwinCollection;
  properties?: { desired?: TwinCollection };
};

export type Enrollment = {
  registrationId?: string;
  enrollmentGroupId?: string;
  deviceId?: string;
  attestation: Attestation;
  initialTwin?: InitialTwin;
  provisioningStatus: 'enabled' | 'disabled';
  capabilities?: { iotEdge: boolean };
  iotHubHostName?: string;
  etag: string;
  createdDateTimeUtc: string;
  lastUpdatedDateTimeUtc: string;
};

/** A DPS-side failure: HTTP status and DPS's six-digit error code (Learn, "Device Provisioning
 *  Service error codes"; which code DPS sends for each case is [unconfirmed]). */
export class DpsError extends Error {
  readonly status: number;
  readonly errorCode: number;
  constructor(status: number, errorCode: number, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

export const badRequest = (message: string) => new DpsError(400, 400004, message);

/** DPS generates 64-byte keys when none are given, and accepts 16 to 64 bytes (L-SYMKEY). */
function key(value: unknown, name: string): string {
  if (value === undefined || value === null || value === '')
    return randomBytes(64).toString('base64');
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
  if (!bytes || bytes.toString('base64') !== value || bytes.length < 16 || bytes.length > 64)
    throw badRequest(`attestation.symmetricKey.${name} must be a base64 key of 16 to 64 bytes`);
  return value as string;
}

function certificatePair(pair: unknown, name: string, ca: boolean): X509Pair {
  const read = (side: 'primary' | 'secondary') => {
    const cert = (pair as X509Pair | undefined)?.[side]?.certificate;
    if (cert === undefined || cert === null) return undefined;
    try {
      const x = new X509Certificate(String(cert));
      if (ca && !x.ca) throw new Error(`'${x.subject}' is not a CA certificate`);
      return { certificate: x.toString() };
    } catch (e) {
      throw badRequest(`attestation.x509.${name}.${side}.certificate: ${(e as Error).message}`);
    }
  };
  const primary = read('primary');
  if (!primary) throw badRequest(`attestation.x509.${name}.primary.certificate (PEM) is required`);
  const secondary = read('secondary');
  return { primary, ...(secondary ? { secondary } : {}) };
}

function attestation(input: unknown, group: boolean): Attestation {
  const a = input as {
    type?: unknown;
    symmetricKey?: Record<string, unknown>;
    x509?: Record<string, unknown>;
  };
  if (a?.type === 'symmetricKey') {
    return {
      type: 'symmetricKey',
      symmetricKey: {
        primaryKey: key(a.symmetricKey?.primaryKey, 'primaryKey'),
        secondaryKey: key(a.symmetricKey?.secondaryKey, 'secondaryKey'),
      },
    };
  }
  if (a?.type === 'x509') {
    const field = group ? 'signingCertificates' : 'clientCertificates';
    return { type: 'x509', x509: { [field]: certificatePair(a.x509?.[field], field, group) } };
  }
  throw badRequest(
    `attestation.type must be 'symmetricKey' or 'x509' (TPM is not emulated), got '${String(a?.type)}'`,
  );
}

/** The initial twin's tags and desired properties follow the twin's own rules (twin.ts). */
function initialTwin(value: unknown): InitialTwin | undefined {
  if (value === undefined || value === null) return undefined;
  const t = value as { tags?: unknown; properties?: { desired?: unknown } };
  const check = (patch: unknown, section: 'tags' | 'desired') => {
    if (patch === undefined || patch === null) return {};
    const result = validateTwinPatch(patch, section);
    if (!result.ok) throw badRequest(`initialTwin ${section}: ${result.error.message}`);
    return result.value;
  };
  return {
    tags: check(t.tags, 'tags'),
    properties: { desired: check(t.properties?.desired, 'desired') },
  };
}

const ID = /^[a-z0-9][a-z0-9._:-]{0,127}$/i;

/** Validates a PUT body for `id` onto a stored enrollment (or a new one). */
export function enrollmentFrom(
  input: Record<string, unknown>,
  id: string,
  group: boolean,
  existing: Enrollment | undefined,
): Enrollment {
  if (!ID.test(id))
    throw badRequest(`'${id}' is not a valid ${group ? 'enrollment group' : 'registration'} ID`);
  const idField = group ? 'enrollmentGroupId' : 'registrationId';
  if (input[idField] !== undefined && String(input[idField]).toLowerCase() !== id.toLowerCase())
    throw badRequest(`${idField} '${String(input[idField])}' does not match the path`);
  const status = input.provisioningStatus ?? 'enabled';
  if (status !== 'enabled' && status !== 'disabled')
    throw badRequest("provisioningStatus must be 'enabled' or 'disabled'");
  const twin = initialTwin(input.initialTwin);
  const now = new Date().toISOString();
  return {
    [idField]: id,
    ...(!group && typeof input.deviceId === 'string' && input.deviceId
      ? { deviceId: input.deviceId }
      : {}),
    attestation: attestation(input.attestation, group),
    ...(twin ? { initialTwin: twin } : {}),
    provisioningStatus: status,
    ...(input.capabilities
      ? {
          capabilities: { iotEdge: (input.capabilities as { iotEdge?: unknown }).iotEdge === true },
        }
      : {}),
    etag: `"${randomUUID()}"`,
    createdDateTimeUtc: existing?.createdDateTimeUtc ?? now,
    lastUpdatedDateTimeUtc: now,
  };
}

function info(pem: string | undefined) {
  if (!pem) return undefined;
  const x = new X509Certificate(pem);
  const { sha1, sha256 } = thumbprints(x);
  return {
    certificate: null,
    info: {
      subjectName: x.subject.replace(/\n/g, ', '),
      sha1Thumbprint: sha1,
      sha256Thumbprint: sha256,
      issuerName: x.issuer.replace(/\n/g, ', '),
      notBeforeUtc: new Date(Date.parse(x.validFrom)).toISOString(),
      notAfterUtc: new Date(Date.parse(x.validTo)).toISOString(),
      serialNumber: x.serialNumber,
      version: 3,
    },
  };
}

/** What the service API answers: certificates are shown by their `info`, as DPS does. */
export function enrollmentJson(e: Enrollment): unknown {
  if (e.attestation.type !== 'x509') return e;
  const show = (pair: X509Pair | undefined) =>
    pair && {
      primary: info(pair.primary?.certificate),
      secondary: info(pair.secondary?.certificate) ?? null,
    };
  const { clientCertificates, signingCertificates } = e.attestation.x509;
  return {
    ...e,
    attestation: {
      type: 'x509',
      x509: {
        ...(clientCertificates ? { clientCertificates: show(clientCertificates) } : {}),
        ...(signingCertificates ? { signingCertificates: show(signingCertificates) } : {}),
      },
    },
  };
}

// Device attestation for DPS registration: which enrollment a registering device belongs to, from
// its SAS token (symmetric key: signed with an individual enrollment's key, or with the key an
// enrollment group derives for the registration ID) or its TLS client certificate (X.509: an
// individual enrollment's certificate, or a chain to a group's signing certificate, CN =
// registration ID). Microsoft Learn, "Symmetric key attestation", "X.509 certificate attestation".

import { createHmac, X509Certificate } from 'node:crypto';

import { parseSasToken, verifySasToken } from '../../src/iothub/sas-token.ts';
import type { HubContext } from '../context.ts';
import { nowSeconds } from '../time.ts';
import { chainToTrusted, commonName, thumbprints, validityProblem } from '../x509/certificates.ts';

import { DpsError, type Enrollment, type X509Pair } from './enrollments.ts';

export type Attested = {
  enrollment: Enrollment;
  group: boolean;
  /** The keys the hub device gets (symmetric key attestation). */
  keys?: { primaryKey: string; secondaryKey: string };
  /** The device certificate (X.509 attestation). */
  certificate?: X509Certificate;
};

/** A group's key for one registration: base64(HMAC-SHA256(base64-decode(groupKey), regId)). */
export function deriveDeviceKey(groupKey: string, registrationId: string): string {
  return createHmac('sha256', Buffer.from(groupKey, 'base64'))
    .update(registrationId, 'utf8')
    .digest('base64');
}

const unauthorized = (message: string) => new DpsError(401, 401002, message);

const pairCerts = (pair: X509Pair | undefined): X509Certificate[] =>
  [pair?.primary?.certificate, pair?.secondary?.certificate]
    .filter((pem): pem is string => typeof pem === 'string')
    .map((pem) => new X509Certificate(pem));

async function attestToken(
  ctx: HubContext,
  idScope: string,
  registrationId: string,
  token: string,
): Promise<Attested> {
  const parsed = parseSasToken(token);
  if (!parsed.ok) throw unauthorized(`Malformed SAS token: ${parsed.error}`);
  const expected = `${idScope}/registrations/${registrationId}`;
  if (parsed.value.resourceUri.toLowerCase() !== expected.toLowerCase())
    throw unauthorized(`The SAS token's sr '${parsed.value.resourceUri}' is not '${expected}'`);
  const candidates: Attested[] = [];
  const own = ctx.store.dps.getEnrollment<Enrollment>('individual', registrationId);
  if (own) {
    if (own.attestation.type === 'symmetricKey')
      candidates.push({ enrollment: own, group: false, keys: own.attestation.symmetricKey });
  } else {
    // Groups only when no individual enrollment names the registration (Learn, "Enrollments").
    for (const group of ctx.store.dps.listEnrollments<Enrollment>('group')) {
      if (group.attestation.type !== 'symmetricKey') continue;
      const { primaryKey, secondaryKey } = group.attestation.symmetricKey;
      candidates.push({
        enrollment: group,
        group: true,
        keys: {
          primaryKey: deriveDeviceKey(primaryKey, registrationId),
          secondaryKey: deriveDeviceKey(secondaryKey, registrationId),
        },
      });
    }
  }
  for (const candidate of candidates) {
    const keys = [candidate.keys?.primaryKey ?? '', candidate.keys?.secondaryKey ?? ''];
    const verified = await verifySasToken(token, { keys, now: nowSeconds() });
    if (verified.ok) return candidate;
    if (verified.reason === 'expired') throw unauthorized(verified.message);
  }
  throw unauthorized(
    candidates.length === 0
      ? `No symmetric key enrollment matches registration '${registrationId}'`
      : `The SAS token is not signed with the key of an enrollment for '${registrationId}'`,
  );
}

function attestCertificate(
  ctx: HubContext,
  registrationId: string,
  chain: X509Certificate[],
): Attested {
  const [leaf, ...rest] = chain;
  if (!leaf) throw unauthorized('No client certificate was presented');
  if (commonName(leaf) !== registrationId)
    throw unauthorized(
      `The certificate's CN '${commonName(leaf) ?? ''}' is not the registration ID '${registrationId}'`,
    );
  const now = Date.now();
  const own = ctx.store.dps.getEnrollment<Enrollment>('individual', registrationId);
  if (own) {
    const { sha256 } = thumbprints(leaf);
    const enrolled =
      own.attestation.type === 'x509' ? pairCerts(own.attestation.x509.clientCertificates) : [];
    if (enrolled.some((c) => thumbprints(c).sha256 === sha256)) {
      const expired = validityProblem(leaf, now);
      if (expired) throw unauthorized(`The client certificate ${expired}`);
      return { enrollment: own, group: false, certificate: leaf };
    }
    throw unauthorized(`The certificate is not the one enrolled for '${registrationId}'`);
  }
  for (const group of ctx.store.dps.listEnrollments<Enrollment>('group')) {
    if (group.attestation.type !== 'x509') continue;
    const signing = pairCerts(group.attestation.x509.signingCertificates);
    if (chainToTrusted(leaf, rest, signing, now).ok)
      return { enrollment: group, group: true, certificate: leaf };
  }
  throw unauthorized(`No X.509 enrollment matches the certificate of '${registrationId}'`);
}

/** The enrollment a device registers under, or a 401 DpsError saying why none. */
export async function attest(
  ctx: HubContext,
  idScope: string,
  registrationId: string,
  credentials: { token?: string | undefined; certificates?: X509Certificate[] | undefined },
): Promise<Attested> {
  if (credentials.token) return attestToken(ctx, idScope, registrationId, credentials.token);
  if (credentials.certificates?.length)
    return attestCertificate(ctx, registrationId, credentials.certificates);
  throw unauthorized('Neither a SAS token nor a client certificate was presented');
}

// X.509 device authentication (Microsoft Learn, "Authenticate identities with X.509
// certificates"): a `selfSigned` identity presents a certificate whose SHA-1 or SHA-256
// thumbprint is its registered primary or secondary one; a `certificateAuthority` identity
// presents a certificate whose CN is its ID and that chains to a verified CA certificate of the
// hub. Both must be inside their validity period. The TLS listeners ask for the certificate
// (peer.ts); this module decides.

import { X509Certificate } from 'node:crypto';

import type { AuthFailure, DeviceAuth } from '../auth.ts';
import { identityKey, type HubContext } from '../context.ts';

import {
  chainToTrusted,
  commonName,
  normalizeThumbprint,
  thumbprints,
  validityProblem,
} from './certificates.ts';

export type X509Result = { ok: true; value: DeviceAuth } | { ok: false; error: AuthFailure };

/** The hub's verified CA certificates, parsed; a stored PEM that no longer parses is skipped. */
export function verifiedCas(ctx: HubContext): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const stored of ctx.store.caCertificates.list()) {
    try {
      out.push(new X509Certificate(stored.pem));
    } catch {
      ctx.log(`CA certificate '${stored.name}' is not valid PEM; ignored`);
    }
  }
  return out;
}

/** Whether a certificate matches a self-signed identity's registered thumbprints. */
export function matchesThumbprint(
  cert: X509Certificate,
  registered: (string | null | undefined)[],
): boolean {
  const { sha1, sha256 } = thumbprints(cert);
  return registered.some(
    (t) => typeof t === 'string' && [sha1, sha256].includes(normalizeThumbprint(t)),
  );
}

/**
 * Authenticates `id` with the client certificate chain of its TLS connection (leaf first).
 * Failures carry IoT Hub's meaning: the transport answers them as it answers a bad SAS token.
 */
export function authenticateX509(
  ctx: HubContext,
  id: { deviceId: string; moduleId?: string },
  chain: X509Certificate[] | undefined,
  modelId = '',
  nowMs = Date.now(),
): X509Result {
  const { deviceId, moduleId } = id;
  const clientId = identityKey(deviceId, moduleId);
  const fail = (reason: AuthFailure['reason'], detail: string): X509Result => ({
    ok: false,
    error: { reason, detail, ...id },
  });
  const identity = ctx.store.registry.get(deviceId, moduleId);
  if (!identity) {
    return fail(
      'unknown-identity',
      `${moduleId ? 'Module' : 'Device'} '${clientId}' is not registered`,
    );
  }
  const { record } = identity;
  if (record.authType !== 'selfSigned' && record.authType !== 'certificateAuthority') {
    return fail(
      'bad-token',
      `Identity uses ${record.authType} authentication; a client certificate is not accepted`,
    );
  }
  const leaf = chain?.[0];
  if (!leaf) {
    return fail(
      'bad-token',
      `'${clientId}' uses X.509 authentication but presented no client certificate in the TLS handshake`,
    );
  }
  if (record.authType === 'selfSigned') {
    const expired = validityProblem(leaf, nowMs);
    if (expired) return fail('bad-token', `The client certificate ${expired}`);
    if (!matchesThumbprint(leaf, [record.primaryThumbprint, record.secondaryThumbprint])) {
      const { sha1 } = thumbprints(leaf);
      return fail(
        'bad-token',
        `The client certificate's thumbprint ${sha1} is neither the primary nor the secondary thumbprint of '${clientId}'`,
      );
    }
  } else {
    const cn = commonName(leaf);
    // Modules are not CA-authenticated by IoT Hub; the CN names the device (Learn, as above).
    if (cn !== deviceId) {
      return fail(
        'bad-token',
        `The client certificate's CN '${cn ?? ''}' is not the device ID '${deviceId}'`,
      );
    }
    const chained = chainToTrusted(leaf, chain.slice(1), verifiedCas(ctx), nowMs);
    if (!chained.ok) return fail('bad-token', `The client certificate: ${chained.detail}`);
  }
  if (record.status !== 'enabled') return fail('identity-disabled', `'${clientId}' is disabled`);
  if (moduleId !== undefined && ctx.store.registry.get(deviceId)?.record.status !== 'enabled') {
    return fail('identity-disabled', `Device '${deviceId}' of module '${clientId}' is disabled`);
  }
  return {
    ok: true,
    value: {
      identity,
      // [unconfirmed] the type IoT Hub stamps for certificate-authenticated devices.
      authMethod: JSON.stringify({
        scope: moduleId !== undefined ? 'module' : 'device',
        type: 'x509Certificate',
        issuer: 'iothub',
        acceptingIpFilterRule: null,
      }),
      expiresAt: Math.floor(Date.parse(leaf.validTo) / 1000),
      modelId,
    },
  };
}

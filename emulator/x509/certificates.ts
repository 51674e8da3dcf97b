// X.509 checks shared by device authentication and DPS attestation (pure node:crypto, no I/O):
// thumbprints as IoT Hub shows them, and a chain walk from a device certificate to a verified CA
// that checks signatures, issuer links and validity dates, never names alone (Microsoft Learn,
// "Authenticate identities with X.509 certificates", "X.509 CA certificates for IoT Hub").

import { X509Certificate } from 'node:crypto';

/** Upper-case hex without separators: how the portal and `az iot hub device-identity` show it. */
export function normalizeThumbprint(value: string): string {
  return value.replace(/[:\s]/g, '').toUpperCase();
}

const HEX_THUMBPRINT = /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/;

/** A SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint, colons and case ignored. */
export function isThumbprint(value: string): boolean {
  return HEX_THUMBPRINT.test(normalizeThumbprint(value));
}

export function thumbprints(cert: X509Certificate): { sha1: string; sha256: string } {
  return {
    sha1: normalizeThumbprint(cert.fingerprint),
    sha256: normalizeThumbprint(cert.fingerprint256),
  };
}

/** The subject's CN (the device ID for CA-signed devices), or undefined. */
export function commonName(cert: X509Certificate): string | undefined {
  for (const line of cert.subject.split('\n')) {
    if (line.startsWith('CN=')) return line.slice(3);
  }
  return undefined;
}

/** Why a certificate is outside its validity period at `nowMs`, or undefined. */
export function validityProblem(cert: X509Certificate, nowMs: number): string | undefined {
  if (nowMs < Date.parse(cert.validFrom)) return `is not valid before ${cert.validFrom}`;
  if (nowMs > Date.parse(cert.validTo)) return `expired on ${cert.validTo}`;
  return undefined;
}

/** Parses every PEM certificate in `text` (a chain file holds several). Throws on bad PEM. */
export function parsePemChain(text: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) throw new Error('no PEM certificate (-----BEGIN CERTIFICATE-----) was found');
  return blocks.map((pem) => new X509Certificate(pem));
}

const signedBy = (cert: X509Certificate, issuer: X509Certificate): boolean =>
  cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/**
 * Walks from `leaf` through the intermediates the client sent to one of `trusted`: each link must
 * be issued by (name and key identifiers, `checkIssued`) and signed by (`verify`) the next, every
 * certificate inside its validity period, every issuer a CA. Returns the trusted root reached, or
 * why none was.
 */
export function chainToTrusted(
  leaf: X509Certificate,
  intermediates: X509Certificate[],
  trusted: X509Certificate[],
  nowMs: number,
): { ok: true; root: X509Certificate } | { ok: false; detail: string } {
  let current = leaf;
  const pool = [...intermediates];
  for (let depth = 0; depth < 8; depth++) {
    const expired = validityProblem(current, nowMs);
    if (expired) return { ok: false, detail: `certificate '${current.subject}' ${expired}` };
    const root = trusted.find((ca) => signedBy(current, ca));
    if (root) {
      const rootExpired = validityProblem(root, nowMs);
      if (rootExpired) return { ok: false, detail: `CA certificate ${rootExpired}` };
      return { ok: true, root };
    }
    const next = pool.findIndex((c) => c.ca && signedBy(current, c));
    if (next < 0) break;
    current = pool.splice(next, 1)[0] as X509Certificate;
  }
  return {
    ok: false,
    detail: 'the certificate does not chain to a verified CA certificate of this hub',
  };
}

// Test certificates without openssl (issue 11): a CA, and device certificates either self-signed
// (register their thumbprint) or signed by a CA (CN = device ID). Made with `selfsigned` (node-forge
// underneath), as the hub's own TLS material is (tls.ts). EC P-256 keys: quick to make, and what
// IoT Hub accepts alongside RSA (Microsoft Learn, "Authenticate identities with X.509
// certificates").

import { X509Certificate } from 'node:crypto';

import { generate, type CertificateExtension } from 'selfsigned';

import { thumbprints } from './certificates.ts';

export type IssuedCertificate = {
  /** PEM: the certificate, then its issuer when CA-signed (a chain a client can present). */
  certificate: string;
  privateKey: string;
  subject: string;
  thumbprints: { sha1: string; sha256: string };
  notAfter: string;
};

export type Issuer = { certificate: string; privateKey: string };

const DAY_MS = 24 * 60 * 60 * 1000;

function describe(cert: string, chain: string, privateKey: string): IssuedCertificate {
  const x = new X509Certificate(cert);
  return {
    certificate: chain,
    privateKey,
    subject: x.subject,
    thumbprints: thumbprints(x),
    notAfter: new Date(Date.parse(x.validTo)).toISOString(),
  };
}

const CA_EXTENSIONS: CertificateExtension[] = [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
];

const DEVICE_EXTENSIONS: CertificateExtension[] = [
  { name: 'basicConstraints', cA: false },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
  { name: 'extKeyUsage', clientAuth: true },
];

async function issue(
  commonName: string,
  extensions: CertificateExtension[],
  o: { issuer?: Issuer; days?: number },
): Promise<IssuedCertificate> {
  const now = Date.now();
  const made = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    // A minute back, so a client whose clock is slightly behind accepts it at once.
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + (o.days ?? 365) * DAY_MS),
    ...(o.issuer ? { ca: { key: o.issuer.privateKey, cert: firstPem(o.issuer.certificate) } } : {}),
    extensions,
  });
  const chain = o.issuer ? `${made.cert.trim()}\n${o.issuer.certificate.trim()}\n` : made.cert;
  return describe(made.cert, chain, made.private);
}

/** A root CA (or, with `issuer`, an intermediate CA signed by it). */
export const issueCa = (commonName: string, o: { issuer?: Issuer; days?: number } = {}) =>
  issue(commonName, CA_EXTENSIONS, o);

/** A device (client authentication) certificate with CN = `deviceId`: self-signed without
 *  `issuer`, otherwise signed by it and followed by the issuer's chain. */
export const issueDeviceCertificate = (
  deviceId: string,
  o: { issuer?: Issuer; days?: number } = {},
) => issue(deviceId, DEVICE_EXTENSIONS, o);

function firstPem(text: string): string {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  if (!m) throw new Error('the issuer certificate is not PEM');
  return `${m[0]}\n`;
}

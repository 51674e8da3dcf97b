// Mutual TLS on the hub's TLS listeners: they ask every client for a certificate but do not
// require one (SAS devices send none), and never reject a certificate in the handshake: which
// certificate a device may use is decided at CONNECT (authenticate.ts), as IoT Hub does
// (Microsoft Learn, "Authenticate identities with X.509 certificates").

import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket, type DetailedPeerCertificate } from 'node:tls';

export const MUTUAL_TLS = { requestCert: true, rejectUnauthorized: false } as const;

/** The certificates a TLS client sent, leaf first; undefined for plain sockets or none sent. */
export function peerChain(socket: Socket | undefined | null): X509Certificate[] | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  let cert = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  if (!cert?.raw) return undefined;
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}

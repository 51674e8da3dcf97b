// Emulator endpoints for X.509 (issue 11). On Azure, verified CA certificates are managed through
// Azure Resource Manager (Microsoft Learn, "Tutorial: Create and upload certificates for
// testing"); the emulator has no ARM, so they live under /emulator/certificates/authorities.
// POST /emulator/certificates issues test certificates so users need no openssl.

import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { errorReply, readBody, parseJson, type Reply } from '../api/http.ts';
import type { Route } from '../api/router.ts';
import type { HubContext } from '../context.ts';
import { RegistryError } from '../registry.ts';

import { parsePemChain, thumbprints } from './certificates.ts';
import { issueCa, issueDeviceCertificate, type Issuer } from './issue.ts';

const BODY_LIMIT = 256 * 1024;

export type CaCertificateJson = {
  name: string;
  subject: string;
  thumbprint: string;
  thumbprintSha256: string;
  expiry: string;
  created: string;
};

function describe(name: string, pem: string, createdMs: number): CaCertificateJson {
  const x = new X509Certificate(pem);
  const { sha1, sha256 } = thumbprints(x);
  return {
    name,
    subject: x.subject,
    thumbprint: sha1,
    thumbprintSha256: sha256,
    expiry: new Date(Date.parse(x.validTo)).toISOString(),
    created: new Date(createdMs).toISOString(),
  };
}

const invalid = (message: string) => new RegistryError('ArgumentInvalid', message);

/** Parses and checks a CA certificate's PEM (the first certificate of the text); throws 400. */
export function checkCaPem(text: unknown): string {
  if (typeof text !== 'string') throw invalid('certificate must be a PEM string');
  let cert: X509Certificate;
  try {
    [cert] = parsePemChain(text) as [X509Certificate];
  } catch (e) {
    throw invalid(`certificate is not a PEM X.509 certificate: ${(e as Error).message}`);
  }
  if (!cert.ca)
    throw invalid(`'${cert.subject}' is not a CA certificate (basicConstraints CA:TRUE)`);
  return cert.toString();
}

/** Adds (or replaces) a verified CA certificate of the hub. */
export function addCaCertificate(ctx: HubContext, name: string, pem: unknown): CaCertificateJson {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    throw invalid(`CA certificate name '${name}' must be 1 to 64 letters, digits, '.', '_' or '-'`);
  }
  const checked = checkCaPem(pem);
  const now = Date.now();
  ctx.store.caCertificates.save(name, checked, now);
  return describe(name, checked, now);
}

function readIssuer(value: unknown): Issuer | undefined {
  if (value === undefined || value === null) return undefined;
  const { certificate, privateKey } = value as { certificate?: unknown; privateKey?: unknown };
  if (typeof certificate !== 'string' || typeof privateKey !== 'string') {
    throw invalid('issuer must be { certificate, privateKey } in PEM');
  }
  checkCaPem(certificate);
  return { certificate, privateKey };
}

export function certificateRoutes(ctx: HubContext): Route[] {
  const body = async (r: { req: IncomingMessage }) =>
    (parseJson(await readBody(r.req, BODY_LIMIT)) ?? {}) as Record<string, unknown>;
  return [
    {
      method: 'GET',
      path: '/emulator/certificates/authorities',
      right: 'RegistryRead',
      handle: (): Reply => ({
        status: 200,
        body: ctx.store.caCertificates.list().map((c) => describe(c.name, c.pem, c.createdMs)),
      }),
    },
    {
      method: 'PUT',
      path: '/emulator/certificates/authorities/:name',
      right: 'RegistryWrite',
      handle: async (r): Promise<Reply> => {
        const input = await body(r);
        return { status: 200, body: addCaCertificate(ctx, r.params.name ?? '', input.certificate) };
      },
    },
    {
      method: 'DELETE',
      path: '/emulator/certificates/authorities/:name',
      right: 'RegistryWrite',
      handle: (r): Reply => {
        if (!ctx.store.caCertificates.remove(r.params.name ?? '')) {
          // No IoT Hub error name fits an emulator-only resource: the emulator's `NotFound`.
          const message = `No verified CA certificate is named '${r.params.name ?? ''}'`;
          return errorReply('NotFound', message, { status: 404 });
        }
        return { status: 204 };
      },
    },
    {
      // { "type": "ca", "commonName"?, "register"?: name } or
      // { "type": "device", "deviceId", "issuer"?: { certificate, privateKey } }
      method: 'POST',
      path: '/emulator/certificates',
      right: 'RegistryWrite',
      handle: async (r): Promise<Reply> => {
        const input = await body(r);
        const issuer = readIssuer(input.issuer);
        if (input.type === 'ca') {
          const cn = typeof input.commonName === 'string' ? input.commonName : 'Emulator Test CA';
          const issued = await issueCa(cn, issuer ? { issuer } : {});
          const registered =
            typeof input.register === 'string'
              ? addCaCertificate(ctx, input.register, issued.certificate)
              : undefined;
          return { status: 200, body: { ...issued, ...(registered ? { registered } : {}) } };
        }
        if (input.type === 'device') {
          if (typeof input.deviceId !== 'string' || input.deviceId === '')
            throw invalid('deviceId is required for a device certificate');
          const issued = await issueDeviceCertificate(input.deviceId, issuer ? { issuer } : {});
          return { status: 200, body: issued };
        }
        throw invalid("type must be 'ca' or 'device'");
      },
    },
  ];
}

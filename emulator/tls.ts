// TLS material (spec §1.12): the user's --cert/--key, or a CA plus a `localhost` server
// certificate generated once into `<data-dir>/tls/` (ca.pem, server.pem, server.key) and reused.
// Generated with `selfsigned` (node-forge underneath), never by shelling out to openssl.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generate } from 'selfsigned';

import { issueCa } from './x509/issue.ts';

export type TlsMaterial = {
  cert: string;
  key: string;
  caPath?: string;
  /** A temporary directory this call created (in-memory hubs); removed on close. */
  tempDir?: string;
};

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

async function generateInto(dir: string, hostName: string): Promise<void> {
  const now = new Date();
  // The same CA recipe as the X.509 test CAs (x509/issue.ts), valid 10 years.
  const issued = await issueCa('IoT Hub Emulator Local CA', { days: 3650 });
  const ca = { cert: issued.certificate, private: issued.privateKey };
  const dnsNames = [
    'localhost',
    ...(hostName.toLowerCase() !== 'localhost' && !/^[\d.]+$/.test(hostName) ? [hostName] : []),
  ];
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 2 * YEAR_MS),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  writeFileSync(join(dir, 'ca.key'), ca.private, { mode: 0o600 });
  writeFileSync(join(dir, 'server.pem'), server.cert);
  writeFileSync(join(dir, 'server.key'), server.private, { mode: 0o600 });
}

/**
 * Loads or creates the hub's certificate. With `dataDir` undefined (in-memory hubs) a fresh CA
 * goes to a temporary directory, so `caPath` still names a file for NODE_EXTRA_CA_CERTS.
 */
export async function loadTls(o: {
  dataDir: string | undefined;
  hostName: string;
  cert?: string;
  key?: string;
}): Promise<TlsMaterial> {
  if (o.cert || o.key) {
    if (!o.cert || !o.key) throw new Error('--cert and --key must be given together');
    return { cert: readFileSync(o.cert, 'utf8'), key: readFileSync(o.key, 'utf8') };
  }
  const tempDir = o.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'iothub-emulator-tls-'));
  const dir = tempDir ?? join(o.dataDir ?? '.', 'tls');
  const files = ['ca.pem', 'server.pem', 'server.key'].map((f) => join(dir, f));
  if (!files.every((f) => existsSync(f))) await generateInto(dir, o.hostName);
  return {
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    caPath: join(dir, 'ca.pem'),
    ...(tempDir !== undefined ? { tempDir } : {}),
  };
}

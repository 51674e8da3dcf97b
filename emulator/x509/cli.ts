// `npm run emulator -- cert ...`: test certificates as files, no openssl and no running hub needed
// (issue 11). `cert ca` makes a CA to start the hub with (`--ca-cert`), `cert device` a device
// certificate, self-signed or signed by such a CA. Keys are written with mode 600.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { issueCa, issueDeviceCertificate, type IssuedCertificate } from './issue.ts';

export const CERT_USAGE = `Usage:
  npm run emulator -- cert ca [--cn NAME] [--out DIR]
      a CA certificate and key: DIR/ca.pem, DIR/ca.key (DIR default .iothub-emulator/certs).
      Start the emulator with --ca-cert DIR/ca.pem to make it a verified CA of the hub.
  npm run emulator -- cert device --id DEVICE_ID [--ca DIR] [--out DIR]
      a device certificate with CN = DEVICE_ID: DIR/DEVICE_ID.pem, DIR/DEVICE_ID.key;
      self-signed, or signed by the CA in DIR/ca.pem + DIR/ca.key with --ca.
`;

function write(dir: string, name: string, issued: IssuedCertificate): string[] {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  writeFileSync(cert, issued.certificate);
  writeFileSync(key, issued.privateKey, { mode: 0o600 });
  return [
    `  certificate: ${cert}`,
    `  private key: ${key}`,
    `  subject:     ${issued.subject.replace(/\n/g, ', ')}`,
    `  SHA-1 thumbprint:   ${issued.thumbprints.sha1}`,
    `  SHA-256 thumbprint: ${issued.thumbprints.sha256}`,
    `  valid until: ${issued.notAfter}`,
  ];
}

/** Runs `cert <kind> ...`; returns the lines to print. Throws with a message on bad flags. */
export async function runCertCommand(args: string[]): Promise<string> {
  const [kind, ...rest] = args;
  const { values: v } = parseArgs({
    args: rest,
    options: {
      cn: { type: 'string' },
      id: { type: 'string' },
      ca: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const out = v.out ?? join('.iothub-emulator', 'certs');
  if (kind === 'ca') {
    const issued = await issueCa(v.cn ?? 'IoT Hub Emulator Test CA');
    return [
      'CA certificate issued:',
      ...write(out, 'ca', issued),
      `Make it a verified CA of the hub: npm start -- --tls --ca-cert ${join(out, 'ca.pem')}`,
      '',
    ].join('\n');
  }
  if (kind === 'device') {
    if (!v.id) throw new Error(`cert device needs --id\n${CERT_USAGE}`);
    const issuer = v.ca
      ? {
          certificate: readFileSync(join(v.ca, 'ca.pem'), 'utf8'),
          privateKey: readFileSync(join(v.ca, 'ca.key'), 'utf8'),
        }
      : undefined;
    const issued = await issueDeviceCertificate(v.id, issuer ? { issuer } : {});
    const register = issuer
      ? `Register the device with authentication { "type": "certificateAuthority" }.`
      : `Register the device with authentication { "type": "selfSigned", "x509Thumbprint": { "primaryThumbprint": "${issued.thumbprints.sha1}" } }.`;
    return [
      `Device certificate for '${v.id}' issued${issuer ? ` by ${v.ca}` : ' (self-signed)'}:`,
      ...write(out, v.id, issued),
      register,
      `Connect with HostName=localhost;DeviceId=${v.id};x509=true and setOptions({ cert, key }).`,
      '',
    ].join('\n');
  }
  throw new Error(CERT_USAGE);
}

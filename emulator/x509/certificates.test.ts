// The chain walk behind CA-signed devices: signatures and validity are checked, not names.
import { describe, expect, test } from 'vitest';

import {
  chainToTrusted,
  isThumbprint,
  normalizeThumbprint,
  parsePemChain,
} from './certificates.ts';
import { issueCa, issueDeviceCertificate } from './issue.ts';

const leafAndRest = (pem: string) => {
  const [leaf, ...rest] = parsePemChain(pem);
  if (!leaf) throw new Error('no certificate');
  return { leaf, rest };
};

describe('chainToTrusted', () => {
  test('a device certificate signed by an intermediate reaches the root it was sent with', async () => {
    const root = await issueCa('Root');
    const intermediate = await issueCa('Intermediate', { issuer: root });
    const device = await issueDeviceCertificate('dev', { issuer: intermediate });
    const { leaf, rest } = leafAndRest(device.certificate);
    const trusted = parsePemChain(root.certificate);
    expect(chainToTrusted(leaf, rest, trusted, Date.now())).toMatchObject({ ok: true });
    // Without the intermediate the chain is broken.
    expect(chainToTrusted(leaf, [], trusted, Date.now())).toMatchObject({ ok: false });
  });

  test('a CA with the same name but another key is not trusted', async () => {
    const real = await issueCa('Same Name');
    const impostor = await issueCa('Same Name');
    const device = await issueDeviceCertificate('dev', { issuer: impostor });
    const { leaf } = leafAndRest(device.certificate);
    const verdict = chainToTrusted(leaf, [], parsePemChain(real.certificate), Date.now());
    expect(verdict).toEqual({
      ok: false,
      detail: 'the certificate does not chain to a verified CA certificate of this hub',
    });
  });

  test('an expired device certificate is refused with its expiry', async () => {
    const root = await issueCa('Root');
    const device = await issueDeviceCertificate('dev', { issuer: root, days: 1 });
    const { leaf } = leafAndRest(device.certificate);
    const later = Date.now() + 2 * 24 * 3600 * 1000;
    const verdict = chainToTrusted(leaf, [], parsePemChain(root.certificate), later);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.detail).toMatch(/expired on/);
  });
});

test('thumbprints: SHA-1 or SHA-256 hex, colons and case ignored', () => {
  expect(isThumbprint('ab:'.repeat(19) + 'ab')).toBe(true);
  expect(isThumbprint('A'.repeat(64))).toBe(true);
  expect(isThumbprint('A'.repeat(41))).toBe(false);
  expect(isThumbprint('G'.repeat(40))).toBe(false);
  expect(normalizeThumbprint('ab:cd ef')).toBe('ABCDEF');
});

import azureIotCommon from 'azure-iot-common';
import { describe, expect, it } from 'vitest';

import { bytesToBase64, utf8Bytes } from './encoding.ts';
import {
  deviceResourceUri,
  parseSasToken,
  resourceUriCovers,
  sasTokenExpiry,
  signSasToken,
  timingSafeEqual,
  verifySasToken,
} from './sas-token.ts';

const { SharedAccessSignature, encodeUriComponentStrict } = azureIotCommon;

const KEY = 'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA='; // bytes 1..32
const KEY2 = 'IZEsl2Y+/cIPvxkc6PdhFBSvfiAPiXhC4/vOXXC5n/w=';
const NOW = 1_700_000_000; // fixed clock, unix seconds
const HOST = 'myhub.azure-devices.net';

/** What the Node SDK sends: SharedAccessSignature.create(encodeUriComponentStrict(uri), ...). */
function nodeToken(uri: string, key: string, se: number, keyName?: string): string {
  return SharedAccessSignature.create(
    encodeUriComponentStrict(uri),
    keyName as string,
    key,
    se,
  ).toString();
}

describe('signSasToken', () => {
  it('matches a known vector', async () => {
    expect(
      await signSasToken({ resourceUri: `${HOST}/devices/dev1`, key: KEY, expiresAt: NOW }),
    ).toBe(
      'SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1&sig=KxX3uUBhsiqHZPFuslT336UoNzUv7Oybl8nUBENLbGQ%3D&se=1700000000',
    );
  });

  it.each([
    { name: 'device', uri: `${HOST}/devices/dev1`, key: KEY, se: NOW + 3600 },
    { name: 'module', uri: `${HOST}/devices/dev1/modules/mod-1`, key: KEY2, se: NOW + 60 },
    {
      name: 'policy key (skn)',
      uri: `${HOST}/devices/dev1`,
      key: KEY2,
      se: NOW,
      keyName: 'device',
    },
    { name: 'hub-level policy', uri: HOST, key: KEY, se: NOW + 1, keyName: 'iothubowner' },
    {
      name: "special characters !'()*:;=@$%#+",
      uri: `${HOST}/devices/a!b'c(d)e*f:g;h=i@j$k%l#m+n`,
      key: KEY,
      se: NOW + 7,
      keyName: "p(o)l*i'c!y",
    },
    { name: 'non-ASCII', uri: `${HOST}/devices/gerät-ü`, key: KEY2, se: 4_102_444_800 },
  ])('is byte-identical to azure-iot-common: $name', async ({ uri, key, se, keyName }) => {
    const ours = await signSasToken({ resourceUri: uri, key, expiresAt: se, keyName });
    expect(ours).toBe(nodeToken(uri, key, se, keyName));
  });

  it.each([
    { key: 'not base64!', expiresAt: NOW },
    { key: '', expiresAt: NOW },
    { key: KEY, expiresAt: 0 },
    { key: KEY, expiresAt: 1.5 },
    { key: KEY, expiresAt: NOW * 1000 },
    { key: KEY, expiresAt: -5 },
  ])('throws TypeError for key=$key expiresAt=$expiresAt', async ({ key, expiresAt }) => {
    await expect(signSasToken({ resourceUri: 'h/devices/d', key, expiresAt })).rejects.toThrow(
      TypeError,
    );
  });
});

async function rawToken(sr: string, se: string, key: string, extra = ''): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    Uint8Array.from(atob(key), (c) => c.charCodeAt(0)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const sig = new Uint8Array(
    await crypto.subtle.sign('HMAC', cryptoKey, utf8Bytes(`${sr}\n${se}`)),
  );
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(bytesToBase64(sig))}&se=${se}${extra}`;
}

describe('parseSasToken', () => {
  it('parses a Node token', async () => {
    const token = nodeToken(`${HOST}/devices/dev1`, KEY, NOW, 'device');
    const parsed = parseSasToken(token);
    expect(parsed).toEqual({
      ok: true,
      value: {
        sr: 'myhub.azure-devices.net%2Fdevices%2Fdev1',
        resourceUri: 'myhub.azure-devices.net/devices/dev1',
        sig: 'KxX3uUBhsiqHZPFuslT336UoNzUv7Oybl8nUBENLbGQ=',
        se: NOW,
        skn: 'device',
      },
    });
    expect(token).toContain('sig=KxX3uUBhsiqHZPFuslT336UoNzUv7Oybl8nUBENLbGQ%3D');
  });

  it('accepts any field order and keeps a lower-case sr raw', () => {
    expect(parseSasToken('SharedAccessSignature se=5&skn=x&sig=abc%3D&sr=h%2fdevices%2fd')).toEqual(
      {
        ok: true,
        value: { sr: 'h%2fdevices%2fd', resourceUri: 'h/devices/d', sig: 'abc=', se: 5, skn: 'x' },
      },
    );
  });

  it.each([
    ['', "A SAS token looks like 'SharedAccessSignature sr=...&sig=...&se=...'"],
    ['sr=a&sig=b&se=1', "A SAS token looks like 'SharedAccessSignature sr=...&sig=...&se=...'"],
    ['SharedAccessSignature sig=b&se=1', "The SAS token has no 'sr' (resource URI)"],
    ['SharedAccessSignature sr=a&se=1', "The SAS token has no 'sig' (signature)"],
    ['SharedAccessSignature sr=a&sig=b', "The SAS token has no 'se' (expiry)"],
    [
      'SharedAccessSignature sr=a&sig=b&se=soon',
      "The SAS token's 'se' is not unix seconds: 'soon'",
    ],
    ['SharedAccessSignature sr=a&sr=b&sig=b&se=1', "The SAS token has 'sr' twice"],
    [
      'SharedAccessSignature sr=%E0%A4&sig=b&se=1',
      "The SAS token's 'sr' is not valid percent-encoding: '%E0%A4'",
    ],
  ])('rejects %j', (token, error) => {
    expect(parseSasToken(token)).toEqual({ ok: false, error });
  });
});

describe('verifySasToken', () => {
  const uri = `${HOST}/devices/dev1`;

  it('accepts a Node token with either candidate key', async () => {
    const token = nodeToken(uri, KEY2, NOW + 60);
    const result = await verifySasToken(token, { keys: [KEY, KEY2], now: NOW });
    expect(result).toMatchObject({ ok: true, token: { resourceUri: uri, se: NOW + 60 } });
  });

  it('verifies against sr exactly as sent, lower-case %2f included', async () => {
    const lower = await rawToken('myhub.azure-devices.net%2fdevices%2fdev1', String(NOW + 60), KEY);
    expect((await verifySasToken(lower, { keys: [KEY], now: NOW })).ok).toBe(true);
    // The same signature over a re-encoded (upper-case) sr must not verify.
    const swapped = lower.replace('%2fdevices%2f', '%2Fdevices%2F');
    expect(await verifySasToken(swapped, { keys: [KEY], now: NOW })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    const unencoded = await rawToken('scope/registrations/reg1', String(NOW + 60), KEY);
    expect((await verifySasToken(unencoded, { keys: [KEY], now: NOW })).ok).toBe(true);
  });

  it.each([
    { name: 'wrong key', keys: [KEY2], now: NOW, reason: 'bad-signature' },
    { name: 'no keys', keys: [], now: NOW, reason: 'bad-signature' },
    { name: 'invalid key', keys: ['%%%'], now: NOW, reason: 'bad-signature' },
    { name: 'expired exactly at se', keys: [KEY], now: NOW + 60, reason: 'expired' },
    { name: 'expired later', keys: [KEY], now: NOW + 61, reason: 'expired' },
  ])('rejects: $name', async ({ keys, now, reason }) => {
    const token = nodeToken(uri, KEY, NOW + 60);
    expect(await verifySasToken(token, { keys, now })).toMatchObject({ ok: false, reason });
  });

  it('reports expiry with the age', async () => {
    const token = nodeToken(uri, KEY, NOW + 60);
    expect(await verifySasToken(token, { keys: [KEY], now: NOW + 90 })).toMatchObject({
      message: 'The SAS token expired 30 s ago (se=1700000060)',
    });
  });

  it.each([
    ['tampered se', (t: string) => t.replace(`se=${NOW + 60}`, `se=${NOW + 61}`)],
    ['tampered sr', (t: string) => t.replace('dev1', 'dev2')],
    ['truncated sig', (t: string) => t.replace(/sig=[^&]{4}/, 'sig=')],
    ['sig not base64', (t: string) => t.replace(/sig=[^&]+/, 'sig=***')],
  ])('rejects %s as bad-signature', async (_name, tamper) => {
    const token = tamper(nodeToken(uri, KEY, NOW + 60));
    expect(await verifySasToken(token, { keys: [KEY], now: NOW })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('reports malformed tokens', async () => {
    expect(await verifySasToken('Bearer x', { keys: [KEY], now: NOW })).toEqual({
      ok: false,
      reason: 'malformed',
      message: "A SAS token looks like 'SharedAccessSignature sr=...&sig=...&se=...'",
    });
  });
});

describe('timingSafeEqual', () => {
  it.each([
    [[1, 2, 3], [1, 2, 3], true],
    [[1, 2, 3], [1, 2, 4], false],
    [[1, 2, 3], [1, 2], false],
    [[], [0], false],
    [[], [], true],
  ])('%j vs %j is %s', (a, b, expected) => {
    expect(timingSafeEqual(Uint8Array.from(a), Uint8Array.from(b))).toBe(expected);
  });
});

describe('resourceUriCovers', () => {
  it.each([
    ['hub/devices/d1', 'hub/devices/d1', true],
    ['hub/devices/d1', 'hub/devices/d1/modules/m', true],
    ['hub/devices/d1', 'hub/devices/d10', false],
    ['hub/devices/d1/', 'hub/devices/d1', true],
    ['HUB.azure-devices.net/devices/d1', 'hub.azure-devices.net/devices/d1', true],
    ['hub/devices/D1', 'hub/devices/d1', false],
    ['hub', 'hub/devices/d1', true],
    ['hub/devices', 'hub/devices/d1/modules/m', true],
    ['hub/devices/d1/modules/m', 'hub/devices/d1', false],
    ['other/devices/d1', 'hub/devices/d1', false],
    ['', 'hub/devices/d1', false],
  ])('%s covers %s: %s', (granted, target, expected) => {
    expect(resourceUriCovers(granted, target)).toBe(expected);
  });
});

describe('deviceResourceUri', () => {
  it.each<[string, string, string | undefined, string]>([
    ['h', 'd', undefined, 'h/devices/d'],
    ['h', 'd', 'm', 'h/devices/d/modules/m'],
    ['h', 'd', '', 'h/devices/d'],
  ])('%s %s %s -> %s', (host, deviceId, moduleId, expected) => {
    expect(deviceResourceUri(host, deviceId, moduleId)).toBe(expected);
  });
});

describe('sasTokenExpiry', () => {
  it.each([
    ['SharedAccessSignature sr=a&sig=b&se=1700000123', 1_700_000_123],
    ['SharedAccessSignature sr=a&sig=b', undefined],
    ['garbage', undefined],
  ])('%s -> %s', (token, expected) => {
    expect(sasTokenExpiry(token)).toBe(expected);
  });
});

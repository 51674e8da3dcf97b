// SAS tokens: signing for the console, parsing and verification for the emulator (spec §1.4).
// WebCrypto only, so the same code runs in Chromium and Node 20.

import {
  base64ToBytes,
  bytesToBase64,
  encodeUriComponentStrict,
  safeDecodeURIComponent,
  utf8Bytes,
} from './encoding.ts';
import { err, ok, type Result } from './result.ts';

export async function hmacSha256(key: Uint8Array<ArrayBuffer>, text: string): Promise<Uint8Array> {
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, utf8Bytes(text)));
}

/**
 * Signs a SAS token (spec §1.4), byte-identical to azure-iot-common
 * `SharedAccessSignature.create(encodeUriComponentStrict(resourceUri), keyName, key, expiresAt)`.
 * @param o.resourceUri un-encoded, e.g. `myhub.azure-devices.net/devices/dev1`; encoded here.
 * @param o.key base64 key (device key, or policy key when keyName is given).
 * @param o.expiresAt expiry in unix **seconds** (not milliseconds); a positive integer.
 * @param o.keyName policy name (`skn`); omit for device/module keys.
 * @returns `SharedAccessSignature sr=<enc>&sig=<enc>[&skn=<enc>]&se=<n>`.
 * @throws TypeError when the key is not base64, or expiresAt is not a positive integer of
 *   seconds (values ≥ 1e11 are taken for a milliseconds mistake).
 */
export async function signSasToken(o: {
  resourceUri: string;
  key: string;
  expiresAt: number;
  keyName?: string;
}): Promise<string> {
  const keyBytes = base64ToBytes(o.key);
  if (!keyBytes) throw new TypeError('signSasToken: key is not valid base64');
  if (!Number.isSafeInteger(o.expiresAt) || o.expiresAt <= 0) {
    throw new TypeError('signSasToken: expiresAt must be a positive integer of unix seconds');
  }
  if (o.expiresAt >= 1e11) {
    throw new TypeError('signSasToken: expiresAt looks like milliseconds; pass unix seconds');
  }
  const sr = encodeUriComponentStrict(o.resourceUri);
  const se = String(o.expiresAt);
  const sig = encodeUriComponentStrict(bytesToBase64(await hmacSha256(keyBytes, `${sr}\n${se}`)));
  // Node's field order is sr, sig, skn, se (spec §1.4).
  const skn = o.keyName ? `&skn=${encodeUriComponentStrict(o.keyName)}` : '';
  return `SharedAccessSignature sr=${sr}&sig=${sig}${skn}&se=${se}`;
}

export type ParsedSasToken = {
  /** `sr` exactly as sent: the signature covers these bytes (spec §0.8). */
  sr: string;
  /** `sr` URL-decoded, e.g. `hub/devices/dev1`. */
  resourceUri: string;
  /** Signature, URL-decoded (still base64). */
  sig: string;
  /** Expiry, unix seconds. */
  se: number;
  skn?: string;
};

type RawSasToken = ParsedSasToken & { seRaw: string };

function parseRaw(token: string): Result<RawSasToken> {
  const match = /^\s*SharedAccessSignature\s+(\S+)\s*$/.exec(token);
  if (!match?.[1]) {
    return err("A SAS token looks like 'SharedAccessSignature sr=...&sig=...&se=...'");
  }
  const fields = new Map<string, string>();
  for (const part of match[1].split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    if (fields.has(name)) return err(`The SAS token has '${name}' twice`);
    fields.set(name, part.slice(eq + 1));
  }
  const sr = fields.get('sr');
  const sig = fields.get('sig');
  const seRaw = fields.get('se');
  if (!sr) return err("The SAS token has no 'sr' (resource URI)");
  if (!sig) return err("The SAS token has no 'sig' (signature)");
  if (!seRaw) return err("The SAS token has no 'se' (expiry)");
  if (!/^\d{1,15}$/.test(seRaw)) return err(`The SAS token's 'se' is not unix seconds: '${seRaw}'`);
  let resourceUri: string;
  try {
    resourceUri = decodeURIComponent(sr);
  } catch {
    return err(`The SAS token's 'sr' is not valid percent-encoding: '${sr}'`);
  }
  const skn = fields.get('skn');
  const parsed: RawSasToken = {
    sr,
    resourceUri,
    sig: safeDecodeURIComponent(sig),
    se: Number(seRaw),
    seRaw,
  };
  if (skn) parsed.skn = safeDecodeURIComponent(skn);
  return ok(parsed);
}

function publicPart(raw: RawSasToken): ParsedSasToken {
  const { seRaw: _seRaw, ...token } = raw;
  return token;
}

/** Parses `SharedAccessSignature sr=..&sig=..&se=..[&skn=..]` in any field order (spec §1.4). */
export function parseSasToken(token: string): Result<ParsedSasToken> {
  const raw = parseRaw(token);
  return raw.ok ? ok(publicPart(raw.value)) : raw;
}

/** Compares every byte whatever the contents, so timing does not leak where they differ. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export type SasVerification =
  | { ok: true; token: ParsedSasToken }
  | {
      ok: false;
      reason: 'malformed' | 'expired' | 'bad-signature';
      message: string;
      token?: ParsedSasToken;
    };

/**
 * Verifies a SAS token for the emulator (spec §1.4 [EMU] algorithm, §0.8): HMAC over the raw
 * `sr` as sent + "\n" + `se`, timing-safe compare against each candidate key, then expiry.
 * Does NOT check which resource `sr` names: see resourceUriCovers.
 * @param o.keys base64 candidate keys (primary, secondary); invalid ones never match.
 * @param o.now current time in unix **seconds**; expired when `se <= now` (no clock skew).
 */
export async function verifySasToken(
  token: string,
  o: {
    keys: readonly string[];
    now: number;
    /** A constant-time byte comparison; the emulator passes Node's crypto.timingSafeEqual. */
    equal?: (a: Uint8Array, b: Uint8Array) => boolean;
  },
): Promise<SasVerification> {
  const equal = o.equal ?? timingSafeEqual;
  const parsed = parseRaw(token);
  if (!parsed.ok) return { ok: false, reason: 'malformed', message: parsed.error };
  const raw = parsed.value;
  const result = publicPart(raw);
  const given = base64ToBytes(raw.sig) ?? new Uint8Array(0);
  let matched = false;
  for (const key of o.keys) {
    const keyBytes = base64ToBytes(key);
    if (!keyBytes) continue;
    const expected = await hmacSha256(keyBytes, `${raw.sr}\n${raw.seRaw}`);
    // No early exit: every candidate key costs the same.
    matched = equal(expected, given) || matched;
  }
  if (!matched) {
    return {
      ok: false,
      reason: 'bad-signature',
      message: 'The SAS token signature does not match any key of this identity',
      token: result,
    };
  }
  if (raw.se <= o.now) {
    const ago = o.now - raw.se;
    return {
      ok: false,
      reason: 'expired',
      message: `The SAS token expired ${ago} s ago (se=${raw.se})`,
      token: result,
    };
  }
  return { ok: true, token: result };
}

function segments(uri: string): string[] {
  return uri.replace(/\/+$/, '').split('/');
}

/**
 * Whether a token for `granted` may act for `target` (both decoded): per-segment prefix match,
 * host compared case-insensitively (spec §1.4). "hub/devices/d1" covers
 * "hub/devices/d1/modules/m" but not "hub/devices/d10".
 */
export function resourceUriCovers(granted: string, target: string): boolean {
  const g = segments(granted);
  const t = segments(target);
  if (!g[0] || g.length > t.length) return false;
  return g.every((seg, i) => (i === 0 ? seg.toLowerCase() === t[0]?.toLowerCase() : seg === t[i]));
}

/** `{host}/devices/{deviceId}[/modules/{moduleId}]`, un-encoded (spec §1.4). */
export function deviceResourceUri(hostName: string, deviceId: string, moduleId?: string): string {
  const device = `${hostName}/devices/${deviceId}`;
  return moduleId ? `${device}/modules/${moduleId}` : device;
}

/** The token's `se` in unix seconds, for display; undefined when the token is malformed (§1.4). */
export function sasTokenExpiry(token: string): number | undefined {
  const parsed = parseSasToken(token);
  return parsed.ok ? parsed.value.se : undefined;
}

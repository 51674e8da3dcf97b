/**
 * A secret (a device key or SAS token) sealed with a passphrase, for saved connections that opt
 * in (docs/saved-connections.md). WebCrypto only: PBKDF2-HMAC-SHA256 derives a 256-bit AES-GCM
 * key from the passphrase and a random 128-bit salt; AES-GCM with a random 96-bit IV encrypts
 * and authenticates the secret, bound to the saved connection it belongs to (additional data),
 * so a wrong passphrase or a moved or altered blob fails to open instead of giving garbage.
 *
 * 600,000 iterations: OWASP Password Storage Cheat Sheet's figure for PBKDF2-HMAC-SHA256 (2023);
 * NIST SP 800-132 §5.1-5.2 asks for a salt of at least 128 bits and as many iterations as users
 * tolerate; NIST SP 800-38D §8.2 recommends 96-bit IVs, never reused with a key (a fresh salt, so
 * a fresh key, on every seal). Pure apart from WebCrypto (Node 20 has it too).
 */
import { base64ToBytes, bytesToBase64, utf8Bytes } from '../../../iothub/encoding.ts';
import { err, ok, type Result } from '../../../iothub/result.ts';

export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

export type SealedSecret = {
  v: 1;
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  /** base64 */
  salt: string;
  iv: string;
  data: string;
};

export const WRONG_PASSPHRASE =
  'Wrong passphrase: the key could not be decrypted (AES-GCM authentication failed).';

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const material = await crypto.subtle.importKey('raw', utf8Bytes(passphrase), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Encrypts `secret`; `context` (e.g. the connection string without its key) must match to open. */
export async function sealSecret(
  secret: string,
  passphrase: string,
  context: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<SealedSecret> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(passphrase, salt, iterations);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8Bytes(context) },
    key,
    utf8Bytes(secret),
  );
  return {
    v: 1,
    kdf: 'PBKDF2-SHA256',
    iterations,
    salt: bytesToBase64(salt),
    iv: bytesToBase64(iv),
    data: bytesToBase64(new Uint8Array(data)),
  };
}

/** The secret, or an error saying the passphrase is wrong (or the blob damaged). */
export async function openSecret(
  sealed: SealedSecret,
  passphrase: string,
  context: string,
): Promise<Result<string, string>> {
  const salt = base64ToBytes(sealed.salt);
  const iv = base64ToBytes(sealed.iv);
  const data = base64ToBytes(sealed.data);
  if (sealed.v !== 1 || !salt || !iv || !data || !(sealed.iterations > 0))
    return err('This saved key is damaged or from an unknown version: save the connection again.');
  const key = await deriveKey(passphrase, salt, sealed.iterations);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: utf8Bytes(context) },
      key,
      data,
    );
    return ok(new TextDecoder().decode(plain));
  } catch {
    return err(WRONG_PASSPHRASE);
  }
}

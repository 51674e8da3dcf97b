// SAS verification for the emulator: the shared pure verifier (src/iothub/sas-token.ts) with
// Node's constant-time comparison, so no signature check leaks by timing how many bytes of a
// forged signature were right (Node.js docs, crypto.timingSafeEqual; issue 12).

import { timingSafeEqual } from 'node:crypto';

import { verifySasToken, type SasVerification } from '../src/iothub/sas-token.ts';

import { nowSeconds } from './time.ts';

/** Equal-length inputs compared in constant time; a length mismatch (the HMAC length, 32 bytes,
 *  is public) is simply unequal. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** verifySasToken against `keys` at the hub's current time, compared in constant time. */
export function verifyHubToken(token: string, keys: readonly string[]): Promise<SasVerification> {
  return verifySasToken(token, { keys, now: nowSeconds(), equal: constantTimeEqual });
}

/**
 * When to renew a SAS token. IoT Hub's MQTT has no in-band re-authentication (spec §1.5), so a
 * fresh token means a controlled reconnect ahead of expiry: 15 % of the lifetime early (the C# SDK's
 * DefaultSasRenewalBufferPercentage), at least 30 s early, but never more than half the lifetime
 * early, so that very short lifetimes (30 s in tests) still renew at a sane rate instead of at once.
 */
export const MIN_RENEWAL_MARGIN_SEC = 30;
export const RENEWAL_FRACTION = 0.15;

/** All times in unix seconds; returns the unix second at which to renew. */
export function renewalTime(issuedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const margin = Math.min(
    Math.max(lifetime * RENEWAL_FRACTION, MIN_RENEWAL_MARGIN_SEC),
    lifetime / 2,
  );
  return expiresAt - margin;
}

// What is wrong with the advanced connection options as typed (checked before Connect even while
// the options panel, loaded on demand, is closed).
import type { ConnectionDraft } from '../../store/draft-types.ts';

/** As typed, kept in the store's connection draft (defaults there too). */
export type AdvancedSettings = Omit<ConnectionDraft, 'showAdvanced'>;

export function advancedErrors(
  a: AdvancedSettings,
): Partial<Record<keyof AdvancedSettings, string>> {
  const errors: Partial<Record<keyof AdvancedSettings, string>> = {};
  const lifetime = Number(a.sasLifetimeMin);
  if (!(lifetime >= 0.5 && lifetime <= 60 * 24 * 365)) {
    errors.sasLifetimeMin = 'Between 0.5 minutes (30 s) and one year';
  }
  const keepAlive = Number(a.keepAliveSec);
  if (!(Number.isInteger(keepAlive) && keepAlive >= 5 && keepAlive <= 1177)) {
    errors.keepAliveSec = 'Whole seconds, 5 to 1177 (IoT Hub caps the useful value, spec §1.8)';
  }
  const o = a.endpointOverride.trim();
  if (o && !/^wss?:\/\/[^/]+/.test(o)) errors.endpointOverride = 'A ws:// or wss:// URL';
  return errors;
}

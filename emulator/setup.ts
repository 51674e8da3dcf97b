// First-start provisioning: the built-in shared access policies (with the iothubowner key from
// --owner-key when given) and device `device-1`.

import { BUILT_IN_POLICIES } from './auth.ts';
import type { HubContext } from './context.ts';
import { createIdentity, generateKey } from './registry.ts';

export function ensurePolicies(ctx: HubContext, ownerKey: string | undefined): void {
  if (ownerKey !== undefined) {
    const bytes = Buffer.from(ownerKey, 'base64');
    if (bytes.length < 16 || bytes.toString('base64') !== ownerKey) {
      throw new Error(
        'The owner key must be base64 of at least 16 bytes (e.g. `openssl rand -base64 32`).',
      );
    }
  }
  for (const [name, rights] of Object.entries(BUILT_IN_POLICIES)) {
    const existing = ctx.store.registry.getPolicy(name);
    const primaryKey =
      (name === 'iothubowner' ? ownerKey : undefined) ?? existing?.primaryKey ?? generateKey();
    if (existing && existing.primaryKey === primaryKey) continue;
    ctx.store.registry.savePolicy({
      name,
      primaryKey,
      secondaryKey: existing?.secondaryKey ?? generateKey(),
      rights,
    });
  }
}

/** Creates `device-1` the first time a data directory is used (not again if a user deleted it). */
export function ensureFirstDevice(ctx: HubContext): void {
  if (ctx.store.registry.getMeta('initialized') !== undefined) return;
  if (!ctx.store.registry.get('device-1')) createIdentity(ctx, 'device-1', undefined, {});
  ctx.store.registry.setMeta('initialized', new Date().toISOString());
}

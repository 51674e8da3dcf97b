// What connecting and disconnecting change on the identity (spec §8.2 device fields, §1.3, §1.6):
// connection state timestamps, the model id a device announces, and disabling or deleting an
// identity closes its link.

import type { HubContext } from './context.ts';
import type { Session, Sessions } from './sessions.ts';
import { hubTime } from './time.ts';

export function trackPresence(ctx: HubContext, sessions: Sessions): () => void {
  const { store } = ctx;
  // The model id a device announces in its username becomes the twin's modelId (spec §1.3).
  const stampState = (s: Session) => {
    const identity = store.closed ? undefined : store.registry.get(s.deviceId, s.moduleId);
    if (!identity) return;
    const now = hubTime();
    store.registry.save({
      record: { ...identity.record, connectionStateUpdatedTime: now, lastActivityTime: now },
      twin: s.auth.modelId ? { ...identity.twin, modelId: s.auth.modelId } : identity.twin,
    });
  };
  // Disabling or deleting an identity disconnects it (spec §1.6).
  const onRevoked = ({
    deviceId,
    moduleId,
    deleted,
  }: {
    deviceId: string;
    moduleId?: string;
    deleted: boolean;
  }) => {
    for (const s of sessions.all()) {
      if (s.deviceId !== deviceId || (moduleId !== undefined && s.moduleId !== moduleId)) continue;
      sessions.close(
        s,
        deleted ? 'identity-deleted' : 'identity-disabled',
        deleted ? 'The identity was deleted' : 'The identity was disabled',
      );
    }
  };
  sessions.events.on('online', stampState);
  sessions.events.on('offline', stampState);
  ctx.bus.on('revoked', onRevoked);
  return () => {
    sessions.events.off('online', stampState);
    sessions.events.off('offline', stampState);
    ctx.bus.off('revoked', onRevoked);
  };
}

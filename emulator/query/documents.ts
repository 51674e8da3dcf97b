// The documents a query reads: device twins, module twins (as the service API shapes them, with
// live connection state) and device job records.

import { twinJson } from '../api/shapes.ts';
import type { HubContext } from '../context.ts';
import type { Sessions } from '../sessions.ts';
import type { Identity } from '../store/registry-store.ts';

import type { Source } from './parse.ts';
import type { Doc } from './run.ts';

export function twinDoc(ctx: HubContext, sessions: Sessions, identity: Identity): Doc {
  const { deviceId, moduleId } = identity.record;
  return twinJson(identity, {
    connected: sessions.get(deviceId, moduleId) !== undefined,
    c2dCount: moduleId === undefined ? ctx.store.c2d.count(deviceId, Date.now()) : 0,
  });
}

export function documentsOf(ctx: HubContext, sessions: Sessions, from: Source): Doc[] {
  if (from === 'devices.jobs') return ctx.store.jobs.allDevices();
  const modules = from === 'devices.modules';
  return ctx.store.registry
    .listAll()
    .filter((i) => (i.record.moduleId !== undefined) === modules)
    .map((i) => twinDoc(ctx, sessions, i));
}

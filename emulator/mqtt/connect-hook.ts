// authenticate: IoT Hub's CONNECT rules (spec §1.3–§1.9) through the transport-neutral
// authenticateDevice; a refusal is CONNACK 5 whatever the cause (spec §0.7).

import type { AedesOptions, Aedes } from 'aedes';

import { authenticateDevice, type AuthFailure } from '../auth.ts';
import type { HubContext } from '../context.ts';
import type { Faults } from '../features/faults.ts';
import type { Sessions } from '../sessions.ts';

import { replaceSubscriptions } from './aedes-internals.ts';
import type { MqttClients } from './clients.ts';

export function createConnectHook(
  ctx: HubContext,
  sessions: Sessions,
  clients: MqttClients,
  broker: () => Aedes,
  refused: (
    client: Parameters<NonNullable<AedesOptions['authenticate']>>[0],
    failure: AuthFailure,
  ) => void,
  faults?: Faults,
): NonNullable<AedesOptions['authenticate']> {
  return (client, username, password, done) => {
    const certificates = clients.state(client)?.certificates;
    authenticateDevice(ctx, client.id, username, password, certificates).then(
      async (result) => {
        if (!result.ok) {
          refused(client, result.error);
          const error = Object.assign(new Error(result.error.detail), { returnCode: 5 as const });
          done(error, false); // CONNACK 5 for every failure (spec §0.7)
          return;
        }
        const { deviceId, moduleId } = result.value.identity.record;
        if (faults?.refusesConnect(deviceId, moduleId)) {
          // RefuseConnections fault: CONNACK 3, "server unavailable" (MQTT 3.1.1 §3.2.2.3).
          const detail = 'Fault injected: RefuseConnections';
          refused(client, {
            reason: 'fault-injected',
            detail,
            deviceId,
            ...(moduleId ? { moduleId } : {}),
          });
          done(Object.assign(new Error(detail), { returnCode: 3 as const }), false);
          return;
        }
        const state = clients.state(client);
        if (state) state.auth = result.value;
        // aedes closes the older client of this id itself; note why first (spec §1.10).
        sessions.supersede(client.id);
        if (client.clean) {
          ctx.store.sessions.clear(client.id); // CleanSession 1: a fresh session (§1.9)
        } else {
          // Restore subscriptions kept in SQLite so they also survive restarts (§0.1).
          // SQLite is the source of truth; aedes' in-memory copy is replaced by it (a deleted
          // and re-created identity must not get its old subscriptions back).
          await replaceSubscriptions(broker(), client, ctx.store.sessions.list(client.id));
        }
        done(null, true);
      },
      (e: unknown) => done(Object.assign(new Error(String(e)), { returnCode: 5 as const }), false),
    );
  };
}

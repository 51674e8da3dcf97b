// All SQLite access of the emulator goes through this object.

import { createC2dStore } from './c2d-store.ts';
import { createConnectionsStore } from './connections-store.ts';
import { createConsumerGroupsStore } from './consumer-groups-store.ts';
import { openDatabase } from './db.ts';
import { createEventsStore } from './events-store.ts';
import { createJobsStore } from './jobs-store.ts';
import { createRegistryStore } from './registry-store.ts';
import { createSessionsStore } from './sessions-store.ts';

export function openStore(dataDir: string | undefined) {
  const db = openDatabase(dataDir);
  let closed = false;
  return {
    registry: createRegistryStore(db),
    sessions: createSessionsStore(db),
    events: createEventsStore(db),
    c2d: createC2dStore(db),
    connections: createConnectionsStore(db),
    consumerGroups: createConsumerGroupsStore(db),
    jobs: createJobsStore(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    get closed() {
      return closed;
    },
    close(): void {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

export type Store = ReturnType<typeof openStore>;

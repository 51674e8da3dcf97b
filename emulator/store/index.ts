// All SQLite access of the emulator goes through this object.

import { createC2dStore } from './c2d-store.ts';
import { createCaCertificatesStore } from './ca-certificates-store.ts';
import { createConnectionsStore } from './connections-store.ts';
import { createConsumerGroupsStore } from './consumer-groups-store.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { openDatabase } from './db.ts';
import { createDpsStore } from './dps-store.ts';
import { createEventsStore } from './events-store.ts';
import { createJobsStore } from './jobs-store.ts';
import { createRegistryStore } from './registry-store.ts';
import { createSessionsStore } from './sessions-store.ts';

/** Opens the store; on disk, first takes the data directory's lock (one emulator per
 *  directory, data-dir-lock.ts), released by close(). */
export function openStore(dataDir: string | undefined) {
  const unlock = dataDir === undefined ? () => {} : lockDataDir(dataDir);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(dataDir);
  } catch (e) {
    unlock();
    throw e;
  }
  let closed = false;
  return {
    registry: createRegistryStore(db),
    sessions: createSessionsStore(db),
    events: createEventsStore(db),
    c2d: createC2dStore(db),
    connections: createConnectionsStore(db),
    consumerGroups: createConsumerGroupsStore(db),
    caCertificates: createCaCertificatesStore(db),
    dps: createDpsStore(db),
    jobs: createJobsStore(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    get closed() {
      return closed;
    },
    close(): void {
      if (closed) return;
      closed = true;
      db.close();
      unlock();
    },
  };
}

export type Store = ReturnType<typeof openStore>;

// Consumer groups of the built-in endpoint (Microsoft Learn, "Read device-to-cloud messages from
// the built-in endpoint": `$Default` always exists, others are created on the hub). Names compare
// case-insensitively, as Event Hubs does.

import type { Db } from './db.ts';

export const DEFAULT_CONSUMER_GROUP = '$Default';

export function createConsumerGroupsStore(db: Db) {
  const list = db.prepare<[], { name: string; created_ms: number }>(
    'SELECT name, created_ms FROM consumer_groups ORDER BY name',
  );
  const get = db.prepare<[string], { name: string }>(
    'SELECT name FROM consumer_groups WHERE name = ?',
  );
  const insert = db.prepare<[string, number]>(
    'INSERT INTO consumer_groups (name, created_ms) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
  );
  const remove = db.prepare<[string]>('DELETE FROM consumer_groups WHERE name = ?');
  return {
    list: (): string[] => [DEFAULT_CONSUMER_GROUP, ...list.all().map((r) => r.name)],
    has: (name: string): boolean =>
      name.toLowerCase() === DEFAULT_CONSUMER_GROUP.toLowerCase() || get.get(name) !== undefined,
    /** Creates the group; false when it already existed. */
    create: (name: string, now: number): boolean => insert.run(name, now).changes > 0,
    remove: (name: string): boolean => remove.run(name).changes > 0,
  };
}

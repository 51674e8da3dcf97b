// Subscriptions of CleanSession=0 sessions, per MQTT client id, kept across connections and
// restarts (spec §0.1, §1.9). Written before the SUBACK goes out.

import type { Db } from './db.ts';

export type StoredSubscription = { topic: string; qos: 0 | 1 };

export function createSessionsStore(db: Db) {
  const list = db.prepare<[string], StoredSubscription>(
    'SELECT topic, qos FROM subscriptions WHERE client_id = ? ORDER BY topic',
  );
  const add = db.prepare<[string, string, number]>(
    `INSERT INTO subscriptions (client_id, topic, qos) VALUES (?, ?, ?)
     ON CONFLICT (client_id, topic) DO UPDATE SET qos = excluded.qos`,
  );
  const remove = db.prepare<[string, string]>(
    'DELETE FROM subscriptions WHERE client_id = ? AND topic = ?',
  );
  const clear = db.prepare<[string]>('DELETE FROM subscriptions WHERE client_id = ?');
  const clearDevice = db.prepare<[string, string]>(
    "DELETE FROM subscriptions WHERE client_id = ? OR client_id LIKE ? ESCAPE '\\'",
  );
  return {
    list: (clientId: string) => list.all(clientId),
    add: (clientId: string, topic: string, qos: 0 | 1) => add.run(clientId, topic, qos),
    remove: (clientId: string, topic: string) => remove.run(clientId, topic),
    clear: (clientId: string) => clear.run(clientId),
    /** Forgets the sessions of a deleted device and of its modules. */
    clearDevice: (deviceId: string) =>
      clearDevice.run(deviceId, `${deviceId.replace(/[%_\\]/g, '\\$&')}/%`),
  };
}

export type SessionsStore = ReturnType<typeof createSessionsStore>;

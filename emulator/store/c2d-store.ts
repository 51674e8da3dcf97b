// Per-device cloud-to-device queues (spec §6): at most 50 pending, each with an expiry. A row
// lives until the device PUBACKs it (complete), it expires, or the queue is purged.

import type { Db } from './db.ts';

export type StoredC2d = {
  seq: number;
  deviceId: string;
  body: Buffer;
  system: Record<string, string>;
  properties: Record<string, string>;
  enqueuedMs: number;
  expiryMs: number;
  deliveryCount: number;
};

type Row = {
  seq: number;
  device_id: string;
  body: Buffer;
  system: string;
  properties: string;
  enqueued_ms: number;
  expiry_ms: number;
  delivery_count: number;
};

export function createC2dStore(db: Db) {
  const insert = db.prepare<[string, Buffer, string, string, number, number]>(
    'INSERT INTO c2d (device_id, body, system, properties, enqueued_ms, expiry_ms) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const count = db.prepare<[string, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM c2d WHERE device_id = ? AND expiry_ms > ?',
  );
  const pending = db.prepare<[string, number], Row>(
    'SELECT * FROM c2d WHERE device_id = ? AND expiry_ms > ? ORDER BY seq',
  );
  const complete = db.prepare<[number]>('DELETE FROM c2d WHERE seq = ?');
  const delivered = db.prepare<[number]>(
    'UPDATE c2d SET delivery_count = delivery_count + 1 WHERE seq = ?',
  );
  const purge = db.prepare<[string]>('DELETE FROM c2d WHERE device_id = ?');
  const expire = db.prepare<[number]>('DELETE FROM c2d WHERE expiry_ms <= ?');
  const expiredRows = db.prepare<[number], Row>(
    'SELECT * FROM c2d WHERE expiry_ms <= ? ORDER BY seq',
  );
  const purgedRows = db.prepare<[string], Row>('SELECT * FROM c2d WHERE device_id = ?');
  const bySeq = db.prepare<[number], Row>('SELECT * FROM c2d WHERE seq = ?');

  const toMessage = (r: Row): StoredC2d => ({
    seq: r.seq,
    deviceId: r.device_id,
    body: r.body,
    system: JSON.parse(r.system) as Record<string, string>,
    properties: JSON.parse(r.properties) as Record<string, string>,
    enqueuedMs: r.enqueued_ms,
    expiryMs: r.expiry_ms,
    deliveryCount: r.delivery_count,
  });

  return {
    /** Enqueues unless the device already has `maxDepth` live messages; atomic. */
    enqueue: db.transaction(
      (m: Omit<StoredC2d, 'seq' | 'deliveryCount'>, maxDepth: number): number | undefined => {
        if ((count.get(m.deviceId, m.enqueuedMs)?.n ?? 0) >= maxDepth) return undefined;
        const info = insert.run(
          m.deviceId,
          m.body,
          JSON.stringify(m.system),
          JSON.stringify(m.properties),
          m.enqueuedMs,
          m.expiryMs,
        );
        return Number(info.lastInsertRowid);
      },
    ),
    count: (deviceId: string, now: number) => count.get(deviceId, now)?.n ?? 0,
    pending: (deviceId: string, now: number) => pending.all(deviceId, now).map(toMessage),
    complete: (seq: number) => complete.run(seq).changes > 0,
    markDelivered: (seq: number) => delivered.run(seq),
    get: (seq: number): StoredC2d | undefined => {
      const row = bySeq.get(seq);
      return row ? toMessage(row) : undefined;
    },
    /** Deletes the device's queue; returns what it held (for Purged feedback). */
    purge: db.transaction((deviceId: string): StoredC2d[] => {
      const rows = purgedRows.all(deviceId).map(toMessage);
      purge.run(deviceId);
      return rows;
    }),
    /** Deletes expired messages; returns them (for Expired feedback). */
    expire: db.transaction((now: number): StoredC2d[] => {
      const rows = expiredRows.all(now).map(toMessage);
      expire.run(now);
      return rows;
    }),
  };
}

export type C2dStore = ReturnType<typeof createC2dStore>;

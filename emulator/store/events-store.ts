// The telemetry events log (what the hub's built-in Event Hubs endpoint would hold), bounded by
// count and age. An event is inserted before the device gets its PUBACK (spec §3.1).

import type { Db } from './db.ts';

export type StoredEvent = {
  sequenceNumber: number;
  deviceId: string;
  moduleId: string | null;
  enqueuedMs: number;
  body: Buffer;
  properties: Record<string, string>;
  systemProperties: Record<string, string>;
};

export type NewEvent = Omit<StoredEvent, 'sequenceNumber'>;

type Row = {
  seq: number;
  device_id: string;
  module_id: string | null;
  enqueued_ms: number;
  body: Buffer;
  properties: string;
  system: string;
};

/** One device's stretch of the log: the built-in endpoint's partition properties sum these. */
export type DeviceSpan = { deviceId: string; first: number; last: number; lastEnqueuedMs: number };

export type EventQuery = { deviceId?: string; moduleId?: string; after?: number; limit: number };

export function createEventsStore(db: Db) {
  const insert = db.prepare<[string, string | null, number, Buffer, string, string]>(
    'INSERT INTO events (device_id, module_id, enqueued_ms, body, properties, system) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const listAll = db.prepare<
    { after: number; device: string | null; module: string | null; limit: number },
    Row
  >(
    `SELECT * FROM events WHERE seq > @after
       AND (@device IS NULL OR device_id = @device)
       AND (@module IS NULL OR module_id = @module)
     ORDER BY seq LIMIT @limit`,
  );
  const pruneAge = db.prepare<[number]>('DELETE FROM events WHERE enqueued_ms < ?');
  const pruneCount = db.prepare<[number]>(
    'DELETE FROM events WHERE seq <= (SELECT MAX(seq) FROM events) - ?',
  );
  const pruneBelow = db.prepare<[number]>('DELETE FROM events WHERE seq <= ?');
  const deleteDevice = db.prepare<[string]>('DELETE FROM events WHERE device_id = ?');
  const maxSeq = db.prepare<[], { n: number | null }>('SELECT MAX(seq) AS n FROM events');
  const firstAfterTime = db.prepare<[number], { n: number | null }>(
    'SELECT MIN(seq) AS n FROM events WHERE enqueued_ms > ?',
  );
  const perDevice = db.prepare<[], DeviceSpan>(
    `SELECT device_id AS deviceId, MIN(seq) AS first, MAX(seq) AS last,
       MAX(enqueued_ms) AS lastEnqueuedMs FROM events GROUP BY device_id`,
  );

  const toEvent = (r: Row): StoredEvent => ({
    sequenceNumber: r.seq,
    deviceId: r.device_id,
    moduleId: r.module_id,
    enqueuedMs: r.enqueued_ms,
    body: r.body,
    properties: JSON.parse(r.properties) as Record<string, string>,
    systemProperties: JSON.parse(r.system) as Record<string, string>,
  });

  const append = (e: NewEvent): StoredEvent => {
    const info = insert.run(
      e.deviceId,
      e.moduleId,
      e.enqueuedMs,
      e.body,
      JSON.stringify(e.properties),
      JSON.stringify(e.systemProperties),
    );
    return { ...e, sequenceNumber: Number(info.lastInsertRowid) };
  };

  // Group commit: one transaction (one WAL commit) for a whole batch, with the count bound
  // applied in the same transaction. Sequence numbers follow the order of `events`.
  const appendBatch = db.transaction((events: NewEvent[], maxCount: number): StoredEvent[] => {
    const stored = events.map(append);
    const last = stored.at(-1)?.sequenceNumber;
    if (last !== undefined) pruneBelow.run(last - maxCount);
    return stored;
  });

  return {
    append,
    /** Inserts `events` in order and keeps at most `maxCount` events, all in one transaction.
     *  Throws (and stores none of them) when the transaction fails. */
    appendBatch: (events: NewEvent[], maxCount: number): StoredEvent[] =>
      appendBatch(events, maxCount),
    list(q: EventQuery): StoredEvent[] {
      return listAll
        .all({
          after: q.after ?? 0,
          device: q.deviceId ?? null,
          module: q.moduleId ?? null,
          limit: q.limit,
        })
        .map(toEvent);
    },
    /** Drops all but the newest maxCount events; returns how many. */
    pruneCount: (maxCount: number) => pruneCount.run(maxCount).changes,
    /** Drops events enqueued more than maxAgeMs ago; returns how many. */
    pruneAge: (maxAgeMs: number, now: number) => pruneAge.run(now - maxAgeMs).changes,
    deleteDevice: (deviceId: string) => deleteDevice.run(deviceId),
    /** The newest sequence number, 0 when the log is empty. */
    maxSeq: () => maxSeq.get()?.n ?? 0,
    /** The first sequence number enqueued after `ms`, or undefined when none is. */
    firstAfterTime: (ms: number) => firstAfterTime.get(ms)?.n ?? undefined,
    spans: () => perDevice.all(),
  };
}

export type EventsStore = ReturnType<typeof createEventsStore>;

// The connect/disconnect log, like IoT Hub's connections monitoring: one row per connect, refusal
// and disconnect, with its reason. Bounded to the newest MAX_ROWS rows.

import type { ConnectionEvent, ConnectionReason } from '../../src/iothub/emulator-api.ts';

import type { Db } from './db.ts';

// The rows are served as they are by /emulator/connections: their type is the API's.
export type { ConnectionEvent, ConnectionReason } from '../../src/iothub/emulator-api.ts';

const MAX_ROWS = 10_000;

type Row = {
  seq: number;
  time_ms: number;
  device_id: string | null;
  module_id: string | null;
  client_id: string | null;
  event: ConnectionEvent['event'];
  reason: ConnectionReason;
  detail: string | null;
  remote: string | null;
  transport: string | null;
};

export function createConnectionsStore(db: Db) {
  const insert = db.prepare<
    [
      number,
      string | null,
      string | null,
      string | null,
      string,
      string,
      string | null,
      string | null,
      string | null,
    ]
  >(
    `INSERT INTO connections (time_ms, device_id, module_id, client_id, event, reason, detail, remote, transport)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const list = db.prepare<{ after: number; device: string | null; limit: number }, Row>(
    `SELECT * FROM connections WHERE seq > @after AND (@device IS NULL OR device_id = @device)
     ORDER BY seq LIMIT @limit`,
  );
  const prune = db.prepare<[number]>(
    'DELETE FROM connections WHERE seq <= (SELECT MAX(seq) FROM connections) - ?',
  );
  let inserted = 0;

  const toEvent = (r: Row): ConnectionEvent => ({
    sequenceNumber: r.seq,
    time: new Date(r.time_ms).toISOString(),
    deviceId: r.device_id,
    moduleId: r.module_id,
    clientId: r.client_id,
    event: r.event,
    reason: r.reason,
    detail: r.detail,
    remoteAddress: r.remote,
    transport: r.transport,
  });

  return {
    append(e: Omit<ConnectionEvent, 'sequenceNumber' | 'time'>, now: number): ConnectionEvent {
      const info = insert.run(
        now,
        e.deviceId,
        e.moduleId,
        e.clientId,
        e.event,
        e.reason,
        e.detail,
        e.remoteAddress,
        e.transport,
      );
      if (++inserted % 500 === 0) prune.run(MAX_ROWS);
      return {
        ...e,
        sequenceNumber: Number(info.lastInsertRowid),
        time: new Date(now).toISOString(),
      };
    },
    list: (q: { after?: number; deviceId?: string; limit: number }) =>
      list.all({ after: q.after ?? 0, device: q.deviceId ?? null, limit: q.limit }).map(toEvent),
  };
}

export type ConnectionsStore = ReturnType<typeof createConnectionsStore>;

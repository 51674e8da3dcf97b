// The connect/disconnect log, like IoT Hub's connections monitoring: one row per connect, refusal
// and disconnect, with its reason. Bounded to the newest MAX_ROWS rows.

import type { Db } from './db.ts';

export type ConnectionReason =
  | 'connected'
  | 'bad-token'
  | 'unknown-identity'
  | 'identity-disabled'
  | 'malformed-username'
  | 'client-id-mismatch'
  | 'kicked-by-new-connection'
  | 'token-expired'
  | 'protocol-violation'
  | 'client-disconnected'
  | 'client-went-away'
  | 'keepalive-timeout'
  | 'slow-consumer'
  | 'identity-deleted'
  | 'hub-shutdown';

export type ConnectionEvent = {
  sequenceNumber: number;
  time: string;
  deviceId: string | null;
  moduleId: string | null;
  clientId: string | null;
  event: 'connect' | 'refused' | 'disconnect';
  reason: ConnectionReason;
  detail: string | null;
  remoteAddress: string | null;
  transport: string | null;
};

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

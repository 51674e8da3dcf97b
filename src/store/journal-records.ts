/**
 * From session events to journal records (journal.ts): one record per message in or out, with
 * its bytes; later states of a telemetry message (sending, acknowledged, failed) become patches
 * of its record, found by the session's message id. Pure.
 */
import type { PortEvent } from '../device/session-port.ts';
import type { ConnectionStatus, ProtocolEntry } from '../device/session-types.ts';
import { twinGetTopic, twinReportedTopic, methodResponseTopic } from '../iothub/topics.ts';

import { utf8Bytes, type JournalRecord, type NewRecord } from './journal.ts';

export type JournalBatch = {
  fresh: NewRecord[];
  /** For each fresh record, the telemetry id it starts (to patch it later), else undefined. */
  telemetryIds: (string | undefined)[];
  updates: { id: string; patch: Partial<JournalRecord> }[];
};

const EMPTY = new Uint8Array(0);

export function statusNote(s: ConnectionStatus): string {
  switch (s.state) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return 'connecting';
    case 'reconnecting':
      return `reconnecting (attempt ${s.attempt}): ${s.reason}`;
    case 'error':
      return `stopped: ${s.error.message}`;
    case 'disconnected':
      return s.reason ? `disconnected: ${s.reason}` : 'disconnected';
  }
}

/**
 * A protocol entry as a journal record (docs/timeline.md): the packet name as label, its meaning
 * as note, the pairing key as rid, request/response/event as state. No body: the message's own
 * record has the bytes.
 */
export function protocolRecord(p: ProtocolEntry): Omit<NewRecord, 'identity'> {
  return {
    direction: p.dir,
    kind: 'protocol',
    at: p.at,
    body: EMPTY,
    label: p.packet,
    note: p.summary,
    state: p.role,
    ...(p.topic !== undefined ? { topic: p.topic } : {}),
    ...(p.pair !== undefined ? { rid: p.pair } : {}),
    ...(p.status !== undefined ? { status: p.status } : {}),
    ...(p.latencyMs !== undefined ? { latencyMs: p.latencyMs } : {}),
  };
}

export function journalBatch(events: readonly PortEvent[], identity: string): JournalBatch {
  const out: JournalBatch = { fresh: [], telemetryIds: [], updates: [] };
  const add = (r: Omit<NewRecord, 'identity'>, telemetryId?: string) => {
    out.fresh.push({ ...r, identity });
    out.telemetryIds.push(telemetryId);
  };
  for (const e of events) {
    switch (e.type) {
      case 'telemetry': {
        const u = e.payload;
        const patch: Partial<JournalRecord> = { state: u.state };
        if (u.state === 'acknowledged') Object.assign(patch, { ackAt: u.at });
        if (u.latencyMs !== undefined) patch.latencyMs = u.latencyMs;
        if (u.error !== undefined) patch.note = u.error;
        if (u.sent) {
          const { topic, body, properties } = u.sent;
          add(
            {
              direction: 'out',
              kind: 'telemetry',
              at: u.at,
              topic,
              properties,
              body: typeof body === 'string' ? utf8Bytes(body) : body,
              rid: u.id,
              ...patch,
            },
            u.id,
          );
        } else out.updates.push({ id: u.id, patch });
        break;
      }
      case 'c2d': {
        const m = e.payload;
        add({
          direction: 'in',
          kind: 'c2d',
          at: m.receivedAt,
          topic: m.topic,
          properties: m.properties,
          body: m.body,
        });
        break;
      }
      case 'twin-request': {
        const r = e.payload;
        const topic = r.kind === 'get' ? twinGetTopic(r.rid) : twinReportedTopic(r.rid);
        if (r.status === undefined && r.error === undefined) {
          add({
            direction: 'out',
            kind: 'twin',
            at: r.sentAt,
            topic,
            body: EMPTY,
            rid: r.rid,
            label: r.kind,
          });
        } else {
          add({
            direction: 'in',
            kind: 'twin',
            at: r.sentAt + (r.latencyMs ?? 0),
            body: r.body !== undefined ? utf8Bytes(r.body) : EMPTY,
            rid: r.rid,
            label: r.kind,
            ...(r.status !== undefined ? { status: r.status } : {}),
            ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
            ...(r.error !== undefined ? { note: r.error } : {}),
          });
        }
        break;
      }
      case 'desired': {
        const d = e.payload;
        add({
          direction: 'in',
          kind: 'desired',
          at: d.at,
          body: utf8Bytes(JSON.stringify(d.patch)),
          label: `$version ${d.version}`,
          state: d.outcome,
          ...(d.reason !== undefined ? { note: d.reason } : {}),
        });
        break;
      }
      case 'method': {
        const m = e.payload;
        add({
          direction: 'in',
          kind: 'method',
          at: m.receivedAt,
          body: utf8Bytes(m.payload),
          rid: m.rid,
          label: m.name,
        });
        break;
      }
      case 'method-response': {
        const r = e.payload;
        add({
          direction: 'out',
          kind: 'method',
          at: r.at,
          topic: methodResponseTopic(r.status, r.rid),
          body: utf8Bytes(r.payload),
          rid: r.rid,
          status: r.status,
          latencyMs: r.latencyMs,
        });
        break;
      }
      case 'protocol':
        for (const p of e.payload) add(protocolRecord(p));
        break;
      case 'status':
        add({
          direction: 'local',
          kind: 'connection',
          at: Date.now(),
          body: EMPTY,
          state: e.payload.state,
          note: statusNote(e.payload),
        });
        break;
      default:
        break;
    }
  }
  return out;
}

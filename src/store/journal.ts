/**
 * The journal: every message in and out of every identity this page connected as, one record each,
 * with the body's bytes as they crossed the wire (docs: DEVELOPERS.md "The journal"). Bounded by
 * count and by bytes; the oldest records fall off, while the counters (per identity, per
 * direction and kind) count every record ever appended, so "Received N" stays exact. Records are
 * kept in sequence order with no gaps, so a record is found by its seq in O(1). Pure.
 */
import type { MessageProperties } from '../iothub/property-bag.ts';

/** `protocol`: a packet or a close, for the protocol timeline (docs/timeline.md). */
export type JournalKind =
  'telemetry' | 'c2d' | 'twin' | 'desired' | 'method' | 'connection' | 'protocol';
export type JournalDirection = 'in' | 'out' | 'local';

export type JournalRecord = {
  seq: number;
  /** identityKey(host, device, module) of the identity the record belongs to. */
  identity: string;
  direction: JournalDirection;
  kind: JournalKind;
  /** When it was sent or received (ms since the epoch). */
  at: number;
  topic?: string;
  properties?: MessageProperties;
  /** The body as it crossed the wire (UTF-8 for what the protocol defines as JSON text). */
  body: Uint8Array;
  /** Telemetry: queued, sending, acknowledged or failed; responses: their status. */
  state?: string;
  status?: number;
  /** When IoT Hub acknowledged it (PUBACK, a twin response). */
  ackAt?: number;
  latencyMs?: number;
  /** $rid of a twin or method exchange, the session's id of a telemetry message. */
  rid?: string;
  /** Method name, desired $version, twin request kind: what a reader needs to see first. */
  label?: string;
  note?: string;
};

export type CounterKey = `${JournalDirection}:${JournalKind}`;

export type Journal = {
  records: JournalRecord[];
  nextSeq: number;
  bytes: number;
  /** Records that fell off the front (count or byte bound). */
  dropped: number;
  counts: Record<string, Partial<Record<CounterKey, number>>>;
};

export const JOURNAL_MAX_RECORDS = 50_000;
export const JOURNAL_MAX_BYTES = 64 * 1024 * 1024;
/** What a record costs beyond its body (fields, properties), for the byte bound. */
const RECORD_OVERHEAD = 200;

export const EMPTY_JOURNAL: Journal = { records: [], nextSeq: 1, bytes: 0, dropped: 0, counts: {} };

export type NewRecord = Omit<JournalRecord, 'seq'>;

const sizeOf = (r: JournalRecord) => r.body.byteLength + RECORD_OVERHEAD;

export function appendRecords(
  j: Journal,
  fresh: readonly NewRecord[],
  limits = { records: JOURNAL_MAX_RECORDS, bytes: JOURNAL_MAX_BYTES },
): { journal: Journal; seqs: number[] } {
  if (fresh.length === 0) return { journal: j, seqs: [] };
  const counts = { ...j.counts };
  let bytes = j.bytes;
  let nextSeq = j.nextSeq;
  const added: JournalRecord[] = [];
  for (const r of fresh) {
    const rec = { ...r, seq: nextSeq++ };
    added.push(rec);
    bytes += sizeOf(rec);
    const key: CounterKey = `${r.direction}:${r.kind}`;
    const mine = { ...counts[r.identity] };
    mine[key] = (mine[key] ?? 0) + 1;
    counts[r.identity] = mine;
  }
  const all = j.records.concat(added);
  let start = Math.max(0, all.length - limits.records);
  for (let i = 0; i < start; i++) bytes -= sizeOf(all[i] as JournalRecord);
  while (bytes > limits.bytes && start < all.length - 1)
    bytes -= sizeOf(all[start++] as JournalRecord);
  const records = start > 0 ? all.slice(start) : all;
  return {
    journal: { records, nextSeq, bytes, dropped: j.dropped + start, counts },
    seqs: added.map((r) => r.seq),
  };
}

/** Applies changes to records by seq (ack state, latency); records already gone are skipped. */
export function patchRecords(
  j: Journal,
  patches: readonly { seq: number; patch: Partial<JournalRecord> }[],
): Journal {
  const first = j.records[0]?.seq;
  if (first === undefined || patches.length === 0) return j;
  let records: JournalRecord[] | undefined;
  for (const { seq, patch } of patches) {
    const i = seq - first;
    const list = records ?? j.records;
    const prev = list[i];
    if (!prev) continue;
    records ??= [...j.records];
    records[i] = { ...prev, ...patch, seq: prev.seq, body: patch.body ?? prev.body };
  }
  return records ? { ...j, records } : j;
}

export function countOf(j: Journal, identity: string | undefined, key: CounterKey): number {
  return identity === undefined ? 0 : (j.counts[identity]?.[key] ?? 0);
}

/**
 * The newest `limit` records of one identity and kind, optionally within a seq range, oldest
 * first: a pane's view. Scans from the newest back and stops at `limit` or `afterSeq`, so a pane
 * costs what it shows, not the journal's size, on every frame.
 */
export function selectRecords(
  j: Journal,
  identity: string | undefined,
  filter: { kind?: JournalKind; direction?: JournalDirection; afterSeq?: number; upToSeq?: number },
  limit = Infinity,
): JournalRecord[] {
  if (identity === undefined) return [];
  const after = filter.afterSeq ?? 0;
  const upTo = filter.upToSeq ?? Infinity;
  const out: JournalRecord[] = [];
  const records = j.records;
  const first = records[0]?.seq ?? 0;
  // Records are gap-free by seq: start at upTo's index instead of the end.
  let i = Math.min(records.length - 1, upTo === Infinity ? Infinity : upTo - first);
  for (; i >= 0 && out.length < limit; i--) {
    const r = records[i] as JournalRecord;
    if (r.seq <= after) break;
    if (
      r.identity === identity &&
      (filter.kind === undefined || r.kind === filter.kind) &&
      (filter.direction === undefined || r.direction === filter.direction)
    )
      out.push(r);
  }
  return out.reverse();
}

const encoder = new TextEncoder();
export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);

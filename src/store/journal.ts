/**
 * The journal: every message in and out of every identity this page connected as, one record each,
 * with the body's bytes as they crossed the wire (docs: DEVELOPERS.md "The journal"). Bounded by
 * count and by bytes; the oldest records fall off, while the counters (per identity, per
 * direction and kind) count every record ever appended, so "Received N" stays exact. Records are
 * kept in sequence order with no gaps, in chunks, so a record is found by its seq in O(1). Pure.
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

/**
 * The records live in chunks of at most JOURNAL_CHUNK, so that appending a frame's messages,
 * patching their states and dropping the oldest copy one chunk, not every record: with 50,000
 * records, copying the whole array on every frame made garbage collection pauses part of the
 * console's long tasks during a flood (docs/benchmarks.md, "The console's long tasks").
 * `records` is the flat array, oldest first, built on first read and kept (filters, export).
 */
export type Journal = {
  readonly records: JournalRecord[];
  readonly chunks: readonly (readonly JournalRecord[])[];
  readonly nextSeq: number;
  readonly bytes: number;
  /** Records that fell off the front (count or byte bound). */
  readonly dropped: number;
  readonly counts: Record<string, Partial<Record<CounterKey, number>>>;
};

export const JOURNAL_MAX_RECORDS = 50_000;
export const JOURNAL_MAX_BYTES = 64 * 1024 * 1024;
export const JOURNAL_CHUNK = 1024;
/** What a record costs beyond its body (fields, properties), for the byte bound. */
const RECORD_OVERHEAD = 200;

class ChunkedJournal implements Journal {
  readonly chunks: readonly (readonly JournalRecord[])[];
  readonly nextSeq: number;
  readonly bytes: number;
  readonly dropped: number;
  readonly counts: Journal['counts'];
  #flat: JournalRecord[] | undefined;
  constructor(parts: Omit<Journal, 'records'>) {
    this.chunks = parts.chunks;
    this.nextSeq = parts.nextSeq;
    this.bytes = parts.bytes;
    this.dropped = parts.dropped;
    this.counts = parts.counts;
  }
  get records(): JournalRecord[] {
    this.#flat ??= this.chunks.flat();
    return this.#flat;
  }
}

/** A journal from its parts (chunks oldest first, each gap-free by seq). */
export const makeJournal = (
  parts: Omit<Journal, 'records' | 'chunks'> & { chunks?: Journal['chunks'] },
): Journal => new ChunkedJournal({ ...parts, chunks: parts.chunks ?? [] });

export const EMPTY_JOURNAL: Journal = makeJournal({ nextSeq: 1, bytes: 0, dropped: 0, counts: {} });

export type NewRecord = Omit<JournalRecord, 'seq'>;

const sizeOf = (r: JournalRecord) => r.body.byteLength + RECORD_OVERHEAD;
const lengthOf = (j: Journal) => j.chunks.reduce((n, c) => n + c.length, 0);

export function appendRecords(
  j: Journal,
  fresh: readonly NewRecord[],
  limits = { records: JOURNAL_MAX_RECORDS, bytes: JOURNAL_MAX_BYTES },
): { journal: Journal; seqs: number[] } {
  if (fresh.length === 0) return { journal: j, seqs: [] };
  const counts = { ...j.counts };
  let bytes = j.bytes;
  let nextSeq = j.nextSeq;
  const seqs: number[] = [];
  const chunks = j.chunks.slice();
  let last = chunks.length > 0 ? (chunks.pop() as JournalRecord[]).slice() : [];
  const copied = new Set<string>();
  for (const r of fresh) {
    const rec = { ...r, seq: nextSeq++ };
    seqs.push(rec.seq);
    if (last.length >= JOURNAL_CHUNK) {
      chunks.push(last);
      last = [];
    }
    last.push(rec);
    bytes += sizeOf(rec);
    const key: CounterKey = `${r.direction}:${r.kind}`;
    if (!copied.has(r.identity)) {
      counts[r.identity] = { ...counts[r.identity] };
      copied.add(r.identity);
    }
    const mine = counts[r.identity] as Partial<Record<CounterKey, number>>;
    mine[key] = (mine[key] ?? 0) + 1;
  }
  chunks.push(last);
  // Drop from the front: whole chunks, then the head of the first one.
  let total = lengthOf(j) + fresh.length;
  let drop = Math.max(0, total - limits.records);
  let dropped = 0;
  const over = () => drop > 0 || (bytes > limits.bytes && total > 1);
  while (over()) {
    const first = chunks[0] as JournalRecord[];
    if (drop >= first.length && chunks.length > 1) {
      for (const r of first) bytes -= sizeOf(r);
      chunks.shift();
      drop -= first.length;
      total -= first.length;
      dropped += first.length;
      continue;
    }
    let k = 0;
    while (k < first.length - (chunks.length > 1 ? 0 : 1) && (k < drop || bytes > limits.bytes)) {
      bytes -= sizeOf(first[k] as JournalRecord);
      k++;
    }
    if (k === first.length) chunks.shift();
    else chunks[0] = first.slice(k);
    drop = Math.max(0, drop - k);
    total -= k;
    dropped += k;
    if (k === 0) break;
  }
  return {
    journal: makeJournal({ chunks, nextSeq, bytes, dropped: j.dropped + dropped, counts }),
    seqs,
  };
}

/** Where the record with this seq sits: [chunk, index], or undefined when it is gone. */
function locate(j: Journal, seq: number): [number, number] | undefined {
  const firstSeq = j.chunks[0]?.[0]?.seq;
  if (firstSeq === undefined || seq < firstSeq || seq >= j.nextSeq) return undefined;
  // Chunks are gap-free and, past the first, full: skip the first, then divide.
  const head = (j.chunks[0] as readonly JournalRecord[]).length;
  if (seq < firstSeq + head) return [0, seq - firstSeq];
  const rest = seq - firstSeq - head;
  const c = 1 + Math.floor(rest / JOURNAL_CHUNK);
  const i = rest % JOURNAL_CHUNK;
  return (j.chunks[c]?.[i] as JournalRecord | undefined)?.seq === seq ? [c, i] : undefined;
}

/** Applies changes to records by seq (ack state, latency); records already gone are skipped. */
export function patchRecords(
  j: Journal,
  patches: readonly { seq: number; patch: Partial<JournalRecord> }[],
): Journal {
  if (j.chunks.length === 0 || patches.length === 0) return j;
  let chunks: (readonly JournalRecord[])[] | undefined;
  const copied = new Set<number>();
  for (const { seq, patch } of patches) {
    const at = locate(j, seq);
    if (!at) continue;
    const [c, i] = at;
    chunks ??= j.chunks.slice();
    if (!copied.has(c)) {
      chunks[c] = (chunks[c] as readonly JournalRecord[]).slice();
      copied.add(c);
    }
    const chunk = chunks[c] as JournalRecord[];
    const prev = chunk[i] as JournalRecord;
    chunk[i] = { ...prev, ...patch, seq: prev.seq, body: patch.body ?? prev.body };
  }
  return chunks ? makeJournal({ ...fieldsOf(j), chunks }) : j;
}

/** A journal's fields other than its records (for a copy with new chunks or counters). */
export const fieldsOf = (j: Journal): Omit<Journal, 'records' | 'chunks'> => ({
  nextSeq: j.nextSeq,
  bytes: j.bytes,
  dropped: j.dropped,
  counts: j.counts,
});

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
  if (identity === undefined || j.chunks.length === 0) return [];
  const after = filter.afterSeq ?? 0;
  const upTo = filter.upToSeq ?? Infinity;
  const out: JournalRecord[] = [];
  // Records are gap-free by seq: start at upTo's place instead of the end.
  const from =
    upTo >= j.nextSeq - 1 ? undefined : locate(j, Math.max(upTo, j.chunks[0]?.[0]?.seq ?? 0));
  if (upTo < (j.chunks[0]?.[0]?.seq ?? 0)) return [];
  let c = from ? from[0] : j.chunks.length - 1;
  let i = from ? from[1] : (j.chunks[c] as readonly JournalRecord[]).length - 1;
  for (; c >= 0 && out.length < limit; c--, i = (j.chunks[c] ?? []).length - 1) {
    const chunk = j.chunks[c] as readonly JournalRecord[];
    for (; i >= 0 && out.length < limit; i--) {
      const r = chunk[i] as JournalRecord;
      if (r.seq <= after) return out.reverse();
      if (
        r.identity === identity &&
        (filter.kind === undefined || r.kind === filter.kind) &&
        (filter.direction === undefined || r.direction === filter.direction)
      )
        out.push(r);
    }
  }
  return out.reverse();
}

const encoder = new TextEncoder();
export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);

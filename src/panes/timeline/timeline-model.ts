/**
 * The protocol timeline's model (docs/timeline.md): the identity's `protocol` journal records,
 * oldest first, filtered by text, each with its position and the position of its partner (a
 * request and its response share a pairing key, `rid`). Pairing walks the records once: a
 * response pairs with the latest open request of its key before it, so a reused packet id pairs
 * correctly. Pure.
 */
import type { JournalRecord } from '../../store/journal.ts';

export type TimelineRow = {
  record: JournalRecord;
  /** 1-based position in the whole timeline (not the filtered one), so numbers stay stable. */
  n: number;
  /** Position of the paired request (on a response) or response (on a request). */
  partner?: number;
};

export function timelineRows(records: readonly JournalRecord[]): TimelineRow[] {
  const rows: TimelineRow[] = records.map((record, i) => ({ record, n: i + 1 }));
  const open = new Map<string, TimelineRow>();
  for (const row of rows) {
    const { rid, state } = row.record;
    if (rid === undefined) continue;
    if (state === 'request') open.set(rid, row);
    else if (state === 'response') {
      const request = open.get(rid);
      if (!request) continue;
      open.delete(rid);
      request.partner = row.n;
      row.partner = request.n;
    }
  }
  return rows;
}

/** The words a row is found by: packet, topic, meaning, pairing key, direction. */
export function rowText(r: JournalRecord): string {
  return `${r.label ?? ''} ${r.topic ?? ''} ${r.note ?? ''} ${r.rid ?? ''} ${directionWords(r)}`.toLowerCase();
}

/** Every whitespace-separated term must occur (case-insensitive). */
export function filterRows(rows: readonly TimelineRow[], text: string): readonly TimelineRow[] {
  const terms = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return rows;
  return rows.filter((row) => {
    const hay = rowText(row.record);
    return terms.every((t) => hay.includes(t));
  });
}

export function directionWords(r: JournalRecord): string {
  if (r.direction === 'out') return 'Device to IoT Hub';
  if (r.direction === 'in') return 'IoT Hub to Device';
  return 'Console';
}

/** The accessible name of a row: what a screen reader (and an e2e test) reads. */
export function rowLabel(row: TimelineRow): string {
  const r = row.record;
  const pair =
    row.partner === undefined
      ? ''
      : r.state === 'response'
        ? `, answers ${row.partner}`
        : `, answered by ${row.partner}`;
  const latency = r.latencyMs === undefined ? '' : `, ${r.latencyMs} ms`;
  return `${row.n} ${directionWords(r)}: ${r.label ?? ''}${pair}${latency}`;
}

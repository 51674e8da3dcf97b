import { describe, expect, it } from 'vitest';

import type { JournalRecord } from '../../store/journal.ts';

import { filterRows, rowLabel, timelineRows } from './timeline-model.ts';

let seq = 0;
const rec = (r: Partial<JournalRecord>): JournalRecord => ({
  seq: ++seq,
  identity: 'h/d',
  direction: 'out',
  kind: 'protocol',
  at: 1000 + seq,
  body: new Uint8Array(0),
  ...r,
});

describe('timeline model', () => {
  it('pairs each response with the latest open request of its key', () => {
    const rows = timelineRows([
      rec({ label: 'PUBLISH', state: 'request', rid: 'pid:1:out:1' }),
      rec({ label: 'PUBLISH', state: 'request', rid: 'twin:7' }),
      rec({
        direction: 'in',
        label: 'PUBACK',
        state: 'response',
        rid: 'pid:1:out:1',
        latencyMs: 9,
      }),
      // The packet id is used again after its PUBACK: a new pair.
      rec({ label: 'PUBLISH', state: 'request', rid: 'pid:1:out:1' }),
      rec({ direction: 'in', label: 'PUBLISH', state: 'response', rid: 'twin:7' }),
      rec({ direction: 'in', label: 'PUBACK', state: 'response', rid: 'pid:1:out:1' }),
      rec({ direction: 'in', label: 'PUBACK', state: 'response', rid: 'pid:1:out:99' }),
      rec({ direction: 'local', label: 'CLOSE', state: 'event' }),
    ]);
    expect(rows.map((r) => [r.n, r.partner])).toEqual([
      [1, 3],
      [2, 5],
      [3, 1],
      [4, 6],
      [5, 2],
      [6, 4],
      [7, undefined],
      [8, undefined],
    ]);
    expect(rowLabel(rows[2]!)).toBe('3 IoT Hub to Device: PUBACK, answers 1, 9 ms');
    expect(rowLabel(rows[0]!)).toBe('1 Device to IoT Hub: PUBLISH, answered by 3');
    expect(rowLabel(rows[7]!)).toBe('8 Console: CLOSE');
  });

  it('filters by every term over packet, topic, meaning and direction, keeping numbers', () => {
    const rows = timelineRows([
      rec({ label: 'CONNECT', note: 'client id d' }),
      rec({ label: 'PUBLISH', topic: '$iothub/twin/GET/?$rid=1', note: 'twin GET' }),
      rec({ direction: 'in', label: 'PUBLISH', note: 'twin response 200' }),
    ]);
    expect(filterRows(rows, '').length).toBe(3);
    expect(filterRows(rows, 'TWIN').map((r) => r.n)).toEqual([2, 3]);
    expect(filterRows(rows, 'twin 200').map((r) => r.n)).toEqual([3]);
    expect(filterRows(rows, 'nothing-like-this')).toEqual([]);
  });
});

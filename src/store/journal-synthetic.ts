// A journal like a busy session, for the filter's tests and bench: mostly JSON telemetry out,
// some of it acknowledged, C2D in with properties (some CBOR), method calls, twin traffic and
// the odd binary body. Deterministic (a fixed linear congruential sequence), so runs compare.
// The records go through appendRecords, as the store's do, so they are the same objects the
// filter meets in the console (object shapes matter to the engine's speed). Pure.
import {
  appendRecords,
  EMPTY_JOURNAL,
  type JournalKind,
  type JournalRecord,
  type NewRecord,
} from './journal.ts';

const enc = new TextEncoder();

export function syntheticJournal(count: number, start = Date.UTC(2026, 0, 1)): JournalRecord[] {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const out: NewRecord[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    const at = start + i * 20;
    const sensor = `sensor-${Math.floor(next() * 50)}`;
    const base = { identity: 'hub.example|dev1|', at };
    if (roll < 0.7) {
      const acked = next() < 0.9;
      const body = { sensor, temperature: 15 + next() * 15, humidity: Math.round(next() * 100) };
      out.push({
        ...base,
        direction: 'out',
        kind: 'telemetry',
        topic: 'devices/dev1/messages/events/%24.ct=application%2Fjson&%24.ce=utf-8',
        properties: {
          system: { contentType: 'application/json', contentEncoding: 'utf-8' },
          application: {},
        },
        body: enc.encode(JSON.stringify(body)),
        rid: String(i),
        state: acked ? 'acknowledged' : 'sending',
        ...(acked ? { ackAt: at + 3, latencyMs: 3 } : {}),
      });
    } else if (roll < 0.85) {
      const cbor = next() < 0.3;
      out.push({
        ...base,
        direction: 'in',
        kind: 'c2d',
        topic: `devices/dev1/messages/devicebound/alert=${next() < 0.5 ? 'on' : 'off'}`,
        properties: {
          system: { contentType: cbor ? 'application/cbor' : 'text/plain', messageId: `m-${i}` },
          application: { alert: next() < 0.5 ? 'on' : 'off' },
        },
        body: cbor
          ? Uint8Array.from([0xa1, 0x61, 0x74, Math.floor(next() * 24)])
          : enc.encode(`set ${sensor} to ${i}`),
      });
    } else {
      const kind: JournalKind = roll < 0.95 ? 'method' : 'twin';
      out.push({
        ...base,
        direction: 'in',
        kind,
        label: kind === 'method' ? 'reboot' : 'get',
        rid: String(i),
        body: enc.encode(kind === 'method' ? '{"delayMs": 500}' : '{"desired":{"interval":5}}'),
      });
    }
  }
  return appendRecords(EMPTY_JOURNAL, out, { records: count, bytes: Infinity }).journal.records;
}

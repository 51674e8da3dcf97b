import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FOLD_AFTER, FOLD_WINDOW_MS, ProtocolRecorder } from './protocol-recorder.ts';
import type { ProtocolEntry } from './session-types.ts';

const TELEMETRY = 'devices/d1/messages/events/';

function recorder() {
  const entries: ProtocolEntry[] = [];
  const rec = new ProtocolRecorder((e) => entries.push(...e), 1);
  return { rec, entries };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});
afterEach(() => vi.useRealTimers());

describe('ProtocolRecorder', () => {
  it('shows CONNECT without the signature and pairs CONNACK with its latency and meaning', () => {
    const { rec, entries } = recorder();
    rec.packet('out', {
      cmd: 'connect',
      clientId: 'd1',
      username: 'hub/d1/?api-version=2021-04-12',
      password: 'SharedAccessSignature sr=hub%2Fdevices%2Fd1&sig=SECRETSIG%3D&se=1700003600',
      keepalive: 60,
      clean: false,
    });
    vi.advanceTimersByTime(25);
    rec.packet('in', { cmd: 'connack', returnCode: 0, sessionPresent: true });
    const [connect, connack] = entries;
    expect(connect?.packet).toBe('CONNECT');
    expect(connect?.summary).toContain('client id d1');
    expect(connect?.summary).toContain('token expires 2023-11-14T23:13:20.000Z');
    expect(JSON.stringify(entries)).not.toContain('SECRETSIG');
    expect(connack).toMatchObject({
      packet: 'CONNACK',
      role: 'response',
      pair: connect?.pair,
      latencyMs: 25,
      status: 0,
    });
    expect(connack?.summary).toBe('Connection accepted, session present');
  });

  it('says what a refused CONNACK means and gives it as the close reason', () => {
    const { rec, entries } = recorder();
    rec.packet('out', { cmd: 'connect', clientId: 'd1', password: 'x' });
    rec.packet('in', { cmd: 'connack', returnCode: 5 });
    rec.closed(false);
    expect(entries[1]?.summary).toContain('not authorized');
    expect(entries[2]).toMatchObject({ packet: 'CLOSE', dir: 'local' });
    expect(entries[2]?.summary).toContain('CONNACK 5');
  });

  it('gives one SUBSCRIBE and one SUBACK per filter, paired, with the granted QoS', () => {
    const { rec, entries } = recorder();
    rec.packet('out', {
      cmd: 'subscribe',
      messageId: 7,
      subscriptions: [
        { topic: '$iothub/methods/POST/#', qos: 0 },
        { topic: 'devices/d1/messages/devicebound/#', qos: 1 },
      ],
    });
    vi.advanceTimersByTime(4);
    rec.packet('in', { cmd: 'suback', messageId: 7, granted: [0, 128] });
    expect(entries.map((e) => `${e.packet} ${e.role} ${e.summary}`)).toEqual([
      'SUBSCRIBE request filter $iothub/methods/POST/#, QoS 0 requested',
      'SUBSCRIBE request filter devices/d1/messages/devicebound/#, QoS 1 requested',
      'SUBACK response QoS 0',
      'SUBACK response refused (0x80): IoT Hub does not accept this filter',
    ]);
    expect(entries[2]?.pair).toBe(entries[0]?.pair);
    expect(entries[3]?.pair).toBe(entries[1]?.pair);
    expect(entries[3]?.latencyMs).toBe(4);
  });

  it('pairs a telemetry PUBLISH with its PUBACK by packet id, not across links', () => {
    const { rec, entries } = recorder();
    rec.packet('out', { cmd: 'publish', topic: TELEMETRY, qos: 1, messageId: 3, payload: 'abc' });
    vi.advanceTimersByTime(12);
    rec.packet('in', { cmd: 'puback', messageId: 3 });
    expect(entries[0]?.summary).toBe('telemetry, QoS 1, 3 B');
    expect(entries[1]).toMatchObject({ packet: 'PUBACK', pair: entries[0]?.pair, latencyMs: 12 });
    const seen: ProtocolEntry[] = [];
    const second = new ProtocolRecorder((e) => seen.push(...e), 2);
    second.packet('in', { cmd: 'puback', messageId: 3 });
    expect(seen[0]?.pair).not.toBe(entries[0]?.pair);
    expect(seen[0]?.latencyMs).toBeUndefined();
  });

  it('pairs twin requests and method calls by $rid, each its own way round', () => {
    const { rec, entries } = recorder();
    rec.packet('out', { cmd: 'publish', topic: '$iothub/twin/GET/?$rid=42', qos: 0, payload: '' });
    vi.advanceTimersByTime(30);
    rec.packet('in', {
      cmd: 'publish',
      topic: '$iothub/twin/res/200/?$rid=42',
      qos: 0,
      payload: '{}',
    });
    rec.packet('in', {
      cmd: 'publish',
      topic: '$iothub/methods/POST/reboot/?$rid=1',
      qos: 0,
      payload: '{}',
    });
    vi.advanceTimersByTime(100);
    rec.packet('out', {
      cmd: 'publish',
      topic: '$iothub/methods/res/200/?$rid=1',
      qos: 0,
      payload: '{}',
    });
    expect(entries.map((e) => [e.dir, e.role, e.pair, e.latencyMs, e.status])).toEqual([
      ['out', 'request', 'twin:42', undefined, undefined],
      ['in', 'response', 'twin:42', 30, 200],
      ['in', 'request', 'method:1', undefined, undefined],
      ['out', 'response', 'method:1', 100, 200],
    ]);
    expect(entries[0]?.summary).toContain('twin GET');
    expect(entries[2]?.summary).toContain('method request reboot');
  });

  it('pairs PINGREQ with PINGRESP', () => {
    const { rec, entries } = recorder();
    rec.packet('out', { cmd: 'pingreq' });
    vi.advanceTimersByTime(8);
    rec.packet('in', { cmd: 'pingresp' });
    expect(entries[1]).toMatchObject({ packet: 'PINGRESP', latencyMs: 8, pair: entries[0]?.pair });
  });

  it('infers why a connection closed', () => {
    const reason = (setup: (r: ProtocolRecorder) => void, keepalive = false) => {
      const { rec, entries } = recorder();
      setup(rec);
      rec.closed(keepalive);
      rec.closed(keepalive); // once only
      expect(entries.filter((e) => e.packet === 'CLOSE')).toHaveLength(1);
      return entries.at(-1)?.summary ?? '';
    };
    const connected = (r: ProtocolRecorder) => {
      r.packet('out', { cmd: 'connect', keepalive: 30 });
      r.packet('in', { cmd: 'connack', returnCode: 0 });
      vi.advanceTimersByTime(2500);
    };
    expect(reason(() => undefined)).toContain('before any CONNACK');
    expect(reason(connected, true)).toContain('no PINGRESP within the keep-alive (30 s)');
    expect(
      reason((r) => {
        connected(r);
        r.packet('out', { cmd: 'disconnect' });
      }),
    ).toBe("closed cleanly after the device's DISCONNECT (2.5 s after CONNACK)");
    expect(
      reason((r) => {
        connected(r);
        r.expectClose('renewing the SAS token');
        r.packet('out', { cmd: 'disconnect' });
      }),
    ).toContain('renewing the SAS token');
    const dropped = reason((r) => {
      connected(r);
      r.error('WebSocket closed');
    });
    expect(dropped).toContain('closed by IoT Hub or the network');
    expect(dropped).toContain('400027 ConnectionForcefullyClosedOnNewConnection');
    expect(dropped).toContain('WebSocket closed');
  });

  it(`folds telemetry past ${FOLD_AFTER} a second into one line with PUBACK latencies`, () => {
    const { rec, entries } = recorder();
    const n = FOLD_AFTER + 60;
    for (let i = 1; i <= n; i++)
      rec.packet('out', { cmd: 'publish', topic: TELEMETRY, qos: 1, messageId: i, payload: 'x' });
    vi.advanceTimersByTime(10);
    for (let i = 1; i <= n; i++) rec.packet('in', { cmd: 'puback', messageId: i });
    // Individually: FOLD_AFTER publishes and their PUBACKs; the rest wait for the window's end.
    expect(entries).toHaveLength(2 * FOLD_AFTER);
    vi.advanceTimersByTime(FOLD_WINDOW_MS);
    expect(entries).toHaveLength(2 * FOLD_AFTER + 1);
    expect(entries.at(-1)).toMatchObject({ packet: 'PUBLISH ×60 · PUBACK ×60', dir: 'local' });
    expect(entries.at(-1)?.summary).toContain('average 10 ms, max 10 ms');
    // A new window records individually again.
    rec.packet('out', { cmd: 'publish', topic: TELEMETRY, qos: 1, messageId: 1, payload: 'x' });
    expect(entries.at(-1)?.packet).toBe('PUBLISH');
  });

  it('folds a C2D flood on its own, pairing our PUBACKs with the PUBLISHes they answer', () => {
    const { rec, entries } = recorder();
    const C2D =
      'devices/d1/messages/devicebound/%24.mid=m&%24.to=%2Fdevices%2Fd1%2Fmessages%2Fdevicebound';
    const n = FOLD_AFTER + 25;
    for (let i = 1; i <= n; i++) {
      rec.packet('in', { cmd: 'publish', topic: C2D, qos: 1, messageId: i, payload: 'x' });
      vi.advanceTimersByTime(2);
      rec.packet('out', { cmd: 'puback', messageId: i });
    }
    // Telemetry in the same window has a budget of its own.
    rec.packet('out', { cmd: 'publish', topic: TELEMETRY, qos: 1, messageId: 1, payload: 'x' });
    expect(entries).toHaveLength(2 * FOLD_AFTER + 1);
    expect(entries.at(-1)).toMatchObject({ packet: 'PUBLISH', dir: 'out' });
    vi.advanceTimersByTime(FOLD_WINDOW_MS);
    const folded = entries.at(-1);
    expect(folded).toMatchObject({ packet: 'PUBLISH ×25 · PUBACK ×25', dir: 'local' });
    expect(folded?.summary).toContain('cloud-to-device messages over');
    expect(folded?.summary).toContain('average 2 ms, max 2 ms');
  });

  it('folds no twin or method exchange, and flushes a pending fold before CLOSE', () => {
    const { rec, entries } = recorder();
    for (let i = 1; i <= FOLD_AFTER + 1; i++)
      rec.packet('out', { cmd: 'publish', topic: TELEMETRY, qos: 1, messageId: i, payload: '' });
    rec.packet('out', { cmd: 'publish', topic: '$iothub/twin/GET/?$rid=9', qos: 0, payload: '' });
    rec.closed(false);
    expect(entries.slice(-3).map((e) => e.packet)).toEqual([
      'PUBLISH',
      'PUBLISH ×1 · PUBACK ×0',
      'CLOSE',
    ]);
    rec.packet('in', { cmd: 'puback', messageId: 1 });
    expect(entries.at(-1)?.packet).toBe('CLOSE'); // nothing after the close
  });
});

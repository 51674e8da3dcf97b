/**
 * ProtocolRecorder: one per MQTT link. Turns the packets mqtt.js writes and reads
 * (`packetsend`/`packetreceive`) into ProtocolEntry records for the timeline (docs/timeline.md):
 * named in IoT Hub terms, requests paired with their responses (packet id within the link, or
 * `$rid` for twin and method exchanges) with the latency, and each close with the reason the
 * console infers (MQTT 3.1.1 servers close without saying why).
 *
 * O(1) per packet, bounded memory: the maps of open requests are capped, and past FOLD_AFTER
 * PUBLISHes of one stream (telemetry sent, C2D received) in a FOLD_WINDOW_MS window, further
 * PUBLISH/PUBACK pairs of that stream are counted into one line per window instead of two
 * records each (a 0 ms repeat or a C2D flood would otherwise fill the journal with protocol
 * records and triple the work per message).
 */
import { HUB_ERRORS } from '../iothub/hub-errors.ts';
import {
  connackMeaning,
  grantedMeaning,
  PACKET_NAMES,
  sizeLabel,
  tokenExpiry,
  topicRole,
  type WirePacket,
} from '../iothub/packet-meaning.ts';

import type { ProtocolEntry } from './session-types.ts';

export const FOLD_WINDOW_MS = 1000;
export const FOLD_AFTER = 40;
/** Open requests kept for pairing; the oldest are forgotten past this (their response is unpaired). */
export const OPEN_LIMIT = 1024;

/** Who sent what when, and the key that pairs it. */
type Head = { at: number; dir: ProtocolEntry['dir']; packet: string; pair: string };
/** The message streams that can run at full speed, each folded on its own. */
type Stream = 'telemetry' | 'c2d';
type Open = { at: number; folded: Stream | false };
type Folded = { publishes: number; pubacks: number; latencySum: number; latencyMax: number };
type FoldState = {
  windowStart: number;
  windowCount: number;
  folded: Folded | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
};
const STREAM_WORDS: Record<Stream, string> = {
  telemetry: 'telemetry',
  c2d: 'cloud-to-device messages',
};

const payloadSize = (p: WirePacket): number =>
  typeof p.payload === 'string' ? p.payload.length : (p.payload?.length ?? 0);

/**
 * The stream a PUBLISH belongs to, by string tests only: telemetry goes out on
 * devices/{id}[/modules/{m}]/messages/events/…, C2D comes in on devices/{id}/messages/devicebound/…
 * (Microsoft Learn, "Communicate with an IoT hub using the MQTT protocol", sections "Sending
 * device-to-cloud messages" and "Receiving cloud-to-device messages").
 */
function streamOf(dir: 'out' | 'in', topic: string): Stream | undefined {
  if (!topic.startsWith('devices/')) return undefined;
  if (dir === 'out') return topic.includes('/messages/events/') ? 'telemetry' : undefined;
  return topic.includes('/messages/devicebound/') ? 'c2d' : undefined;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.set(key, value);
  if (map.size > OPEN_LIMIT) map.delete(map.keys().next().value as K);
}

export class ProtocolRecorder {
  readonly #emit: (entries: ProtocolEntry[]) => void;
  readonly #now: () => number;
  readonly #link: number;
  /** Open requests by pair key (packet ids, $rids, CONNECT, PINGREQ). */
  #open = new Map<string, Open>();
  #pings = 0;
  #streams: Record<Stream, FoldState> = {
    telemetry: { windowStart: -Infinity, windowCount: 0, folded: undefined, timer: undefined },
    c2d: { windowStart: -Infinity, windowCount: 0, folded: undefined, timer: undefined },
  };
  #keepAliveSec = 0;
  #connackAt: number | undefined;
  #refused: number | undefined;
  #sentDisconnect = false;
  #expected: string | undefined;
  #lastError: string | undefined;
  #closed = false;

  /** `link` numbers the links of one session, so packet ids of two links never pair. */
  constructor(emit: (entries: ProtocolEntry[]) => void, link: number, now = () => Date.now()) {
    this.#emit = emit;
    this.#link = link;
    this.#now = now;
  }

  /** A packet mqtt.js wrote (`out`) or read (`in`). */
  packet(dir: 'out' | 'in', p: WirePacket): void {
    if (this.#closed) return;
    const at = this.#now();
    const name = PACKET_NAMES[p.cmd] ?? p.cmd.toUpperCase();
    const pid = (d: 'out' | 'in') => `pid:${this.#link}:${d}:${p.messageId ?? 0}`;
    switch (p.cmd) {
      case 'connect':
        return this.#connect(at, p);
      case 'connack': {
        const code = p.returnCode ?? 0;
        if (code === 0) this.#connackAt = at;
        else this.#refused = code;
        const session = code === 0 ? (p.sessionPresent ? ', session present' : ', no session') : '';
        return this.#response(
          { at, dir: 'in', packet: name, pair: `conn:${this.#link}` },
          {
            summary: connackMeaning(code) + session,
            status: code,
          },
        );
      }
      case 'subscribe':
        return this.#add(
          (p.subscriptions ?? []).map((s, i) => {
            const pair = `${pid('out')}:${i}`;
            remember(this.#open, pair, { at, folded: false });
            return {
              at,
              dir,
              packet: name,
              role: 'request',
              pair,
              topic: s.topic,
              summary: `filter ${s.topic}, QoS ${s.qos} requested`,
            };
          }),
        );
      case 'suback':
        return this.#add(
          (p.granted ?? []).map((code, i) => {
            const pair = `${pid('out')}:${i}`;
            return this.#paired(
              { at, dir: 'in', packet: name, pair: pair },
              {
                summary: grantedMeaning(code),
                status: code,
              },
            );
          }),
        );
      case 'publish':
        return this.#publish(at, dir, p);
      case 'puback': {
        // Our PUBLISH is acknowledged by an incoming PUBACK, and the other way round.
        const pair = pid(dir === 'in' ? 'out' : 'in');
        const open = this.#open.get(pair);
        if (open?.folded) {
          this.#open.delete(pair);
          return this.#fold(open.folded, at, 'puback', at - open.at);
        }
        return this.#response(
          { at, dir, packet: name, pair },
          { summary: `packet id ${p.messageId ?? '?'}` },
        );
      }
      case 'pingreq':
        this.#pings++;
        return this.#request(
          { at, dir: dir, packet: name, pair: `ping:${this.#link}:${this.#pings}` },
          {
            summary: `keep-alive ping (every ${this.#keepAliveSec} s without other traffic)`,
          },
        );
      case 'pingresp':
        return this.#response(
          { at, dir: dir, packet: name, pair: `ping:${this.#link}:${this.#pings}` },
          {
            summary: 'IoT Hub is there',
          },
        );
      case 'disconnect':
        this.#sentDisconnect = true;
        return this.#add([
          {
            at,
            dir,
            packet: name,
            role: 'event',
            summary: 'graceful: IoT Hub does not publish the Will message',
          },
        ]);
      default:
        return this.#add([{ at, dir, packet: name, role: 'event', summary: '' }]);
    }
  }

  /** The reason the console closes this link itself (renewal, Disconnect), said on CLOSE. */
  expectClose(reason: string): void {
    this.#expected ??= reason;
  }

  /** A transport error (WebSocket, mqtt.js), quoted in the CLOSE reason. */
  error(message: string): void {
    this.#lastError = message;
  }

  /** The socket closed: folds what is pending and records why it closed, once. */
  closed(keepaliveTimeout: boolean): void {
    if (this.#closed) return;
    this.#flushFold('telemetry');
    this.#flushFold('c2d');
    this.#closed = true;
    const at = this.#now();
    this.#emit([
      {
        at,
        dir: 'local',
        packet: 'CLOSE',
        role: 'event',
        summary: this.#closeReason(at, keepaliveTimeout),
      },
    ]);
    this.#open.clear();
  }

  #closeReason(at: number, keepaliveTimeout: boolean): string {
    const after =
      this.#connackAt === undefined
        ? ''
        : ` (${((at - this.#connackAt) / 1000).toFixed(1)} s after CONNACK)`;
    const error = this.#lastError ? `; transport said: ${this.#lastError}` : '';
    if (this.#refused !== undefined)
      return `IoT Hub refused the CONNECT (CONNACK ${this.#refused}) and closed the connection`;
    if (keepaliveTimeout)
      return `no PINGRESP within the keep-alive (${this.#keepAliveSec} s): the console closed the connection${after}`;
    if (this.#expected) return `${this.#expected}${after}`;
    if (this.#sentDisconnect) return `closed cleanly after the device's DISCONNECT${after}`;
    if (this.#connackAt === undefined)
      return `closed before any CONNACK: IoT Hub could not be reached or refused the WebSocket${error}`;
    const kicked = HUB_ERRORS.ConnectionForcefullyClosedOnNewConnection;
    return (
      `closed by IoT Hub or the network without a packet${after}${error}. MQTT 3.1.1 gives no reason; ` +
      `usual causes: another client connected as this identity (${kicked?.code} ${kicked?.name}), ` +
      'the SAS token expired, the device was disabled or deleted, or the network dropped'
    );
  }

  #connect(at: number, p: WirePacket): void {
    this.#keepAliveSec = p.keepalive ?? 0;
    // The password is a SAS token: only its expiry is read, the signature is not kept.
    const se = tokenExpiry(
      typeof p.password === 'string' ? p.password : (p.password?.toString() ?? ''),
    );
    const expiry =
      se === undefined ? 'no SAS token' : `token expires ${new Date(se * 1000).toISOString()}`;
    this.#request(
      { at, dir: 'out', packet: 'CONNECT', pair: `conn:${this.#link}` },
      {
        summary: `client id ${p.clientId ?? ''}, user name ${p.username ?? ''}, ${expiry}, keep-alive ${this.#keepAliveSec} s, clean session ${p.clean ? 1 : 0}`,
      },
    );
  }

  #publish(at: number, dir: 'out' | 'in', p: WirePacket): void {
    const topic = p.topic ?? '';
    const qos = p.qos ?? 0;
    // Messages at full speed: decide on folding with a string test, before parsing the topic.
    const stream = streamOf(dir, topic);
    if (stream !== undefined && this.#overBudget(stream, at)) {
      if (qos > 0 && p.messageId !== undefined)
        remember(this.#open, `pid:${this.#link}:${dir}:${p.messageId}`, { at, folded: stream });
      return this.#fold(stream, at, 'publish', 0);
    }
    const role = topicRole(topic);
    const summary = `${role.what}, QoS ${qos}, ${sizeLabel(payloadSize(p))}${p.dup ? ', DUP' : ''}`;
    const extra = { topic, summary, ...(role.status !== undefined ? { status: role.status } : {}) };
    if (role.rid !== undefined) {
      // Twin requests go out and their responses come in; methods the other way round.
      const pair = `${role.what.startsWith('method') ? 'method' : 'twin'}:${role.rid}`;
      if (role.response) return this.#response({ at, dir, packet: 'PUBLISH', pair }, extra);
      return this.#request({ at, dir, packet: 'PUBLISH', pair }, extra);
    }
    if (qos === 0 || p.messageId === undefined)
      return this.#add([{ at, dir, packet: 'PUBLISH', role: 'event', ...extra }]);
    this.#request(
      { at, dir, packet: 'PUBLISH', pair: `pid:${this.#link}:${dir}:${p.messageId}` },
      extra,
    );
  }

  #overBudget(stream: Stream, at: number): boolean {
    const s = this.#streams[stream];
    if (at - s.windowStart >= FOLD_WINDOW_MS) {
      s.windowStart = at;
      s.windowCount = 0;
    }
    return ++s.windowCount > FOLD_AFTER;
  }

  #fold(stream: Stream, at: number, what: 'publish' | 'puback', latency: number): void {
    const s = this.#streams[stream];
    const f = (s.folded ??= { publishes: 0, pubacks: 0, latencySum: 0, latencyMax: 0 });
    if (what === 'publish') f.publishes++;
    else {
      f.pubacks++;
      f.latencySum += latency;
      f.latencyMax = Math.max(f.latencyMax, latency);
    }
    if (s.timer === undefined) {
      const wait = Math.max(1, s.windowStart + FOLD_WINDOW_MS - at);
      s.timer = setTimeout(() => this.#flushFold(stream), wait);
    }
  }

  #flushFold(stream: Stream): void {
    const s = this.#streams[stream];
    clearTimeout(s.timer);
    s.timer = undefined;
    const f = s.folded;
    if (!f) return;
    s.folded = undefined;
    const latency =
      f.pubacks > 0
        ? `; PUBACK latency average ${Math.round(f.latencySum / f.pubacks)} ms, max ${f.latencyMax} ms`
        : '';
    this.#emit([
      {
        at: this.#now(),
        dir: 'local',
        packet: `PUBLISH ×${f.publishes} · PUBACK ×${f.pubacks}`,
        role: 'event',
        summary: `${STREAM_WORDS[stream]} over ${FOLD_AFTER} a second, folded into one line: ${f.publishes} PUBLISH, ${f.pubacks} PUBACK${latency}`,
      },
    ]);
  }

  #request(h: Head, rest: Partial<ProtocolEntry>): void {
    remember(this.#open, h.pair, { at: h.at, folded: false });
    this.#add([{ ...h, role: 'request', summary: '', ...rest }]);
  }

  #response(h: Head, rest: Partial<ProtocolEntry>): void {
    this.#add([this.#paired(h, rest)]);
  }

  #paired(h: Head, rest: Partial<ProtocolEntry>): ProtocolEntry {
    const open = this.#open.get(h.pair);
    this.#open.delete(h.pair);
    return {
      ...h,
      role: 'response',
      summary: '',
      ...rest,
      ...(open ? { latencyMs: h.at - open.at } : {}),
    };
  }

  #add(entries: ProtocolEntry[]): void {
    if (entries.length > 0) this.#emit(entries);
  }
}

// The flood tap: an HTTP + WebSocket front for the emulator on an ephemeral loopback port. Pages
// load from it (so the console's own endpoint logic sends the device here) and every MQTT byte
// passes through to the emulator unchanged, except that the tap can inject C2D PUBLISH packets
// towards the browser at a paced rate and swallows their PUBACKs. The emulator has no
// service-side bulk C2D: its REST send is one HTTP request per message with a queue depth of 50
// (IoT Hub's limit) and it forwards no device-to-device publishes, so thousands of msg/s at QoS 0
// or 1 need this. What reaches the browser is what IoT Hub sends (spec §3.2): the same topic,
// property bag, QoS and one MQTT packet per WebSocket frame.

import { once } from 'node:events';
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer, type RawData } from 'ws';

import { encodePublish, MqttFramer, pubackId } from './mqtt-framer.ts';

const HOST = '127.0.0.1';
const WEBSOCKET_PATH = '/$iothub/websocket';
/** Injected QoS 1 publishes use ids from here up; the emulator's own C2D ids start at 1 and the
 *  bench sends it no C2D, so a PUBACK at or above this id answers the tap. */
const FIRST_TAP_ID = 1024;
/** Stop writing while this much is queued on the socket: the browser is not reading. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
const TICK_MS = 4;

export type FloodOptions = {
  qos: 0 | 1;
  ratePerSecond: number;
  count: number;
  topic: (seq: number) => string;
  payload: Buffer;
};

export type FloodResult = {
  sent: number;
  /** Date.now() of the first and last write. */
  startedAt: number;
  endedAt: number;
  /** Ticks on which the socket was above the high-water mark (offered rate not met). */
  stalledTicks: number;
};

type Link = { browser: WebSocket; subscribedC2d: boolean; acked: number; nextId: number };

export type Tap = {
  url: string;
  /** Serves a fixed body at `path` from the tap itself (the bare page). */
  route(path: string, type: string, body: string | Buffer): void;
  /** Resolves once a connection has subscribed to a C2D filter containing `deviceId`. */
  waitForDevice(deviceId: string, timeoutMs: number): Promise<void>;
  flood(deviceId: string, o: FloodOptions): Promise<FloodResult>;
  /** PUBACKs the device has sent for injected publishes on its current connection. */
  acked(deviceId: string): number;
  close(): Promise<void>;
};

export async function startTap(upstreamPort: number): Promise<Tap> {
  const routes = new Map<string, { type: string; body: string | Buffer }>();
  const links = new Map<string, Link>();
  const waiters: { deviceId: string; resolve: () => void }[] = [];

  const proxy = (req: IncomingMessage, res: ServerResponse) => {
    const own = routes.get(new URL(req.url ?? '/', 'http://tap').pathname);
    if (own) {
      res.writeHead(200, { 'content-type': own.type, 'cache-control': 'no-store' });
      res.end(own.body);
      return;
    }
    const up = request(
      { host: HOST, port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (p) => [...p].find((x) => x.toLowerCase() === 'mqtt') ?? false,
  });

  function bridge(browser: WebSocket): void {
    const hub = new WebSocket(`ws://${HOST}:${upstreamPort}${WEBSOCKET_PATH}`, 'mqtt', {
      perMessageDeflate: false,
    });
    const toHub = new MqttFramer();
    const toBrowser = new MqttFramer();
    const early: Buffer[] = [];
    let link: Link | undefined;
    const sendHub = (b: Buffer) =>
      hub.readyState === WebSocket.OPEN ? hub.send(b) : early.push(b);
    hub.on('open', () => early.splice(0).forEach((b) => hub.send(b)));
    browser.on('message', (data: RawData) => {
      const keep: Buffer[] = [];
      for (const packet of toHub.push(asBuffer(data))) {
        const id = pubackId(packet);
        if (id !== undefined && id >= FIRST_TAP_ID && link) {
          link.acked += 1;
          continue;
        }
        // SUBSCRIBE (§3.8): note which device this connection is, once it asks for C2D.
        if (packet[0] === 0x82) {
          const deviceId = /devices\/([^/]+)\/messages\/devicebound\/#/.exec(
            packet.toString('latin1'),
          )?.[1];
          if (deviceId !== undefined) {
            link = { browser, subscribedC2d: true, acked: 0, nextId: FIRST_TAP_ID };
            links.set(deviceId, link);
            for (const w of waiters.filter((x) => x.deviceId === deviceId)) w.resolve();
          }
        }
        keep.push(packet);
      }
      if (keep.length > 0) sendHub(keep.length === 1 ? (keep[0] as Buffer) : Buffer.concat(keep));
    });
    // Only whole packets go to the browser, so injected ones never split one of the hub's.
    hub.on('message', (data: RawData) => {
      const packets = toBrowser.push(asBuffer(data));
      if (packets.length > 0 && browser.readyState === WebSocket.OPEN)
        browser.send(packets.length === 1 ? (packets[0] as Buffer) : Buffer.concat(packets));
    });
    const closeBoth = () => {
      browser.terminate();
      hub.terminate();
    };
    hub.on('close', closeBoth);
    hub.on('error', closeBoth);
    browser.on('close', closeBoth);
    browser.on('error', closeBoth);
  }

  const server: Server = createServer(proxy);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://tap').pathname !== WEBSOCKET_PATH) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, bridge);
  });
  server.listen(0, HOST);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  function flood(deviceId: string, o: FloodOptions): Promise<FloodResult> {
    const link = links.get(deviceId);
    if (!link) return Promise.reject(new Error(`${deviceId} has not subscribed to C2D`));
    link.acked = 0;
    const { browser } = link;
    return new Promise((resolve, reject) => {
      let sent = 0;
      let stalledTicks = 0;
      const startedAt = Date.now();
      let endedAt = startedAt;
      const tick = () => {
        if (browser.readyState !== WebSocket.OPEN) {
          reject(new Error(`${deviceId}'s connection closed during the flood (${sent} sent)`));
          return;
        }
        const due = Math.min(
          o.count,
          Math.floor(((Date.now() - startedAt) * o.ratePerSecond) / 1000),
        );
        while (sent < due) {
          if (browser.bufferedAmount > HIGH_WATER_BYTES) {
            stalledTicks += 1;
            break;
          }
          const id = o.qos === 1 ? link.nextId : 0;
          if (o.qos === 1) link.nextId = id >= 65535 ? FIRST_TAP_ID : id + 1;
          browser.send(encodePublish(o.topic(sent), o.payload, o.qos, id));
          sent += 1;
          endedAt = Date.now();
        }
        if (sent >= o.count) resolve({ sent, startedAt, endedAt, stalledTicks });
        else setTimeout(tick, TICK_MS);
      };
      tick();
    });
  }

  return {
    url: `http://${HOST}:${port}`,
    route: (path, type, body) => routes.set(path, { type, body }),
    waitForDevice(deviceId, timeoutMs) {
      if (links.get(deviceId)?.browser.readyState === WebSocket.OPEN) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${deviceId} did not subscribe within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ deviceId, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    flood,
    acked: (deviceId) => links.get(deviceId)?.acked ?? 0,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

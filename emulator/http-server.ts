// One HTTP(S) port for everything a browser or SDK needs (issue 3): the console at '/', GET
// /health, the REST API, and at /$iothub/websocket both MQTT over WebSockets (subprotocol
// mqtt/MQTT) and AMQP over WebSockets (subprotocol AMQPWSB10; Microsoft Learn, "Communicate with
// your IoT hub by using the AMQP Protocol", "AMQP over WebSockets"), told apart by subprotocol.
// Every request and upgrade first passes the Host/Origin guard (http-guard.ts, issue 12).

import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';

import { createWebSocketStream, WebSocketServer } from 'ws';

import type { AmqpServer } from './amqp/server.ts';
import { corsHeaders, errorReply, send } from './api/http.ts';
import { notFound } from './api/not-found.ts';
import type { HttpGuard, Refusal } from './http-guard.ts';
import { acceptConnection, type MqttBroker } from './mqtt/accept.ts';
import { MUTUAL_TLS, peerChain } from './x509/peer.ts';

export const WEBSOCKET_PATH = '/$iothub/websocket';
/** Where Event Hubs clients open AMQP over WebSockets (@azure/event-hubs `webSocketOptions`):
 *  the built-in endpoint answers there too, AMQP only. */
export const EVENT_HUBS_WEBSOCKET_PATH = '/$servicebus/websocket';

export type WebServerOptions = {
  tls?: { cert: string; key: string };
  mqtt: MqttBroker;
  api: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  serveStatic: (req: IncomingMessage, res: ServerResponse) => boolean;
  isReady: () => boolean;
  amqp?: AmqpServer;
  guard: HttpGuard;
};

export const AMQP_WS_PROTOCOL = 'AMQPWSB10';

/** How long an idle HTTP keep-alive connection stays open (Node's default: 5 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Echo the offered `mqtt` token in its own case (the C SDK sends `MQTT`, spec §0.4), or
 *  AMQPWSB10 when the hub serves AMQP. */
export function pickSubprotocol(protocols: Set<string>, amqp = false): string | false {
  for (const p of protocols) if (p.toLowerCase() === 'mqtt') return p;
  if (amqp) for (const p of protocols) if (p.toUpperCase() === AMQP_WS_PROTOCOL) return p;
  return false;
}

function refuse(socket: Duplex, status: string, body = '', errorCode = ''): void {
  const type =
    (body ? 'Content-Type: application/json; charset=utf-8\r\n' : '') +
    (errorCode ? `iothub-errorcode: ${errorCode}\r\n` : '');
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\n${type}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The guard's refusal in IoT Hub's error shape, without CORS headers (the page may not read it). */
const refusalReply = (r: Refusal) =>
  errorReply(r.status === 400 ? 'ArgumentInvalid' : 'IotHubUnauthorizedAccess', r.message, {
    status: r.status,
  });

export function createWebServer(o: WebServerOptions): Server {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols: Set<string>) => pickSubprotocol(protocols, o.amqp !== undefined),
  });
  const secure = o.tls !== undefined;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const refused = o.guard.check(req, secure);
    if (refused) {
      send(res, refusalReply(refused), {});
      return;
    }
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      // 200 only once every listener is up (TLS ones start after this port).
      const ready = o.isReady();
      res.writeHead(ready ? 200 : 503, {
        'content-type': 'application/json',
        ...corsHeaders(req),
      });
      res.end(
        req.method === 'HEAD' ? undefined : JSON.stringify({ status: ready ? 'ok' : 'starting' }),
      );
      return;
    }
    o.api(req, res)
      .then((handled) => {
        if (handled || o.serveStatic(req, res)) return;
        // A route IoT Hub has and the emulator lacks (digital twins, configurations, jobs...), or
        // none at all: the hub's JSON error, so SDK calls fail instead of parsing the console.
        send(res, notFound(req.method ?? 'GET', path), corsHeaders(req));
      })
      .catch(() => res.destroy());
  };

  const server = secure
    ? createHttpsServer({ cert: o.tls?.cert, key: o.tls?.key, ...MUTUAL_TLS }, onRequest)
    : createHttpServer(onRequest);
  // Keep idle keep-alive connections open longer than clients do: Node's global agent (which the
  // SDKs' REST calls use) drops an idle socket after 5 s, and Node's server default is also 5 s,
  // so the server could close a socket just as the client reuses it ("socket hang up", seen in
  // the SDK's e2etests/test/twin_e2e_tests.js). headersTimeout must exceed keepAliveTimeout.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = o.guard.check(req, secure);
    if (refused) {
      const reply = refusalReply(refused);
      const status = refused.status === 400 ? '400 Bad Request' : '403 Forbidden';
      refuse(socket, status, JSON.stringify(reply.body), reply.headers?.['iothub-errorcode']);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    // Wrong path or subprotocol: HTTP 400, as the real hub answers (spec §1.1).
    const chosen = pickSubprotocol(new Set(offered), o.amqp !== undefined);
    const amqpOnly = path === EVENT_HUBS_WEBSOCKET_PATH;
    const isAmqp = chosen !== false && chosen.toUpperCase() === AMQP_WS_PROTOCOL;
    if ((path !== WEBSOCKET_PATH && !amqpOnly) || chosen === false || (amqpOnly && !isAmqp)) {
      refuse(socket, '400 Bad Request');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      if (o.amqp && isAmqp) {
        o.amqp.accept(stream, 'amqp-ws', req.socket.remoteAddress, peerChain(req.socket));
        return;
      }
      acceptConnection(o.mqtt, stream, {
        transport: secure ? 'wss' : 'ws',
        remoteAddress: req.socket.remoteAddress,
        req,
        certificates: peerChain(req.socket),
      });
    });
  });
  server.on('close', () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  });
  return server;
}

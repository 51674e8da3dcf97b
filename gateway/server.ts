// The service gateway's HTTP routes under /gateway/ (docs/gateway.md): the bootstrap that hands
// the console its per-start token, sessions for pasted service connection strings, the signed
// REST forwarding, C2D over AMQP and the built-in endpoint's telemetry as server-sent events.
// Mounted in the server `npm start` runs (emulator/main.ts) and served alone by gateway/main.ts.
// It lives beside emulator/, not inside it, because it is a client of a hub (any hub), never a
// part of one: it shares only src/iothub with the rest, like the emulator does.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseServiceConnectionString } from '../src/iothub/connection-string.ts';

import type { C2dInput } from './c2d.ts';
import { resolveEventHubConnectionString } from './event-hub-address.ts';
import { forwardRest, isForwardableRoute, type HubAnswer } from './hub-rest.ts';
import {
  checkHost,
  checkOrigin,
  checkRequest,
  isEventHubsHost,
  isForwardableHost,
  type GuardConfig,
} from './request-guard.ts';
import { createSessions } from './sessions.ts';
import { readTelemetry } from './telemetry.ts';

export type GatewayOptions = {
  /** Origins of the console pages allowed to call (read on each request: ports may be late). */
  consoleOrigins: () => readonly string[];
  /** `host:port` names this gateway is reached under. */
  servedHosts: () => readonly string[];
  /** Host names allowed besides *.azure-devices.net & co (the emulator's, in tests). */
  extraHubHosts?: readonly string[];
  /** A fixed token (tests); a random one per start otherwise. */
  token?: string;
};

const MAX_BODY = 512 * 1024;
const ALLOWED_HEADERS = 'content-type, if-match, x-gateway-token, x-gateway-session';

export type Gateway = {
  token: string;
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  close: () => Promise<void>;
};

export function createGateway(o: GatewayOptions): Gateway {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const extra = o.extraHubHosts ?? [];
  const sessions = createSessions();
  const streams = new Set<() => Promise<void>>();
  const config = (): GuardConfig => ({
    servedHosts: o.servedHosts(),
    consoleOrigins: o.consoleOrigins(),
    token,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (!url.pathname.startsWith('/gateway/')) return false;
    const origin = header(req, 'origin');
    const cors: Record<string, string> = origin
      ? { 'access-control-allow-origin': origin, vary: 'Origin' }
      : {};
    const input = {
      host: header(req, 'host'),
      origin,
      fetchSite: header(req, 'sec-fetch-site'),
      token: header(req, 'x-gateway-token'),
    };
    const c = config();
    const refuse = (r: { status: number; code: string; message: string }) =>
      // No CORS header on a refusal: a foreign page learns nothing from it.
      reply(res, r.status, { Message: `ErrorCode:${r.code};${r.message}` }, {});

    if (req.method === 'OPTIONS' || url.pathname === '/gateway/bootstrap') {
      const refused = checkHost(input.host, c) ?? checkOrigin(input, c);
      if (refused) return refuse(refused);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': '600',
          // Chrome's Private Network Access: a public console page asks before calling loopback.
          ...(header(req, 'access-control-request-private-network') === 'true'
            ? { 'access-control-allow-private-network': 'true' }
            : {}),
        });
        res.end();
        return true;
      }
      return reply(res, 200, { token, version: 1 }, { ...cors, 'cache-control': 'no-store' });
    }
    const refused = checkRequest(input, c);
    if (refused) return refuse(refused);
    const fail = (status: number, code: string, message: string) =>
      reply(res, status, { Message: `ErrorCode:${code};${message}` }, cors);

    if (url.pathname === '/gateway/sessions' && req.method === 'POST') {
      const body = await readJson(req);
      const cs = typeof body?.connectionString === 'string' ? body.connectionString : '';
      const parsed = parseServiceConnectionString(cs.trim());
      if (!parsed.ok)
        return fail(400, 'ArgumentInvalid', `Service connection string: ${parsed.error.message}`);
      if (!isForwardableHost(parsed.value.hostName, extra))
        return fail(
          403,
          'GatewayHostRefused',
          `HostName '${parsed.value.hostName}' is not an IoT hub (*.azure-devices.net, .cn, .us, .de); the gateway forwards nowhere else.`,
        );
      const eh =
        typeof body?.eventHubConnectionString === 'string'
          ? body.eventHubConnectionString.trim()
          : '';
      if (eh) {
        const host = /Endpoint=sb:\/\/([^/:;]+)/i.exec(eh)?.[1];
        if (!host || !isEventHubsHost(host, extra))
          return fail(
            403,
            'GatewayHostRefused',
            `The Event Hubs endpoint '${host ?? ''}' is not an Event Hubs namespace.`,
          );
      }
      const session = sessions.add(parsed.value, eh || undefined);
      return reply(res, 201, { session, hostName: parsed.value.hostName }, cors);
    }

    const session = sessions.get(header(req, 'x-gateway-session') ?? '');
    if (!session)
      return fail(
        404,
        'GatewaySessionNotFound',
        'No such gateway session: paste the service connection string again.',
      );

    if (url.pathname === '/gateway/sessions' && req.method === 'DELETE') {
      await sessions.remove(header(req, 'x-gateway-session') ?? '');
      return reply(res, 204, undefined, cors);
    }
    if (url.pathname.startsWith('/gateway/hub/')) {
      const path = url.pathname.slice('/gateway/hub'.length);
      const method = req.method ?? 'GET';
      if (!isForwardableRoute(method, path))
        return fail(
          403,
          'GatewayRouteRefused',
          `${method} ${path} is not a call the hub panel makes.`,
        );
      const answer = await forwardRest(session.info, {
        method,
        path,
        top: url.searchParams.get('top') ?? undefined,
        headers: req.headers,
        body: await readBody(req),
      }).catch((e: unknown) => unreachable(session.info.hostName, e));
      return send(res, answer, cors);
    }
    const c2d = /^\/gateway\/c2d\/([^/]+)$/.exec(url.pathname);
    if (c2d?.[1] && req.method === 'POST') {
      const body = (await readJson(req)) as C2dInput | undefined;
      if (typeof body?.body !== 'string')
        return fail(400, 'ArgumentInvalid', 'A C2D body is text.');
      return send(res, await session.c2d.send(decodeURIComponent(c2d[1]), body), cors);
    }
    if (url.pathname === '/gateway/events' && req.method === 'GET') {
      const deviceId = url.searchParams.get('deviceId');
      if (!deviceId) return fail(400, 'ArgumentInvalid', 'deviceId is required.');
      const moduleId = url.searchParams.get('moduleId') || undefined;
      const consumerGroup = url.searchParams.get('consumerGroup') || '$Default';
      let endpoint = session.eventHub;
      if (!endpoint) {
        try {
          endpoint = await resolveEventHubConnectionString(session.info);
          if (!isEventHubsHost(/sb:\/\/([^/:;]+)/.exec(endpoint)?.[1] ?? '', extra))
            return fail(
              403,
              'GatewayHostRefused',
              'The hub redirected to a host that is not an Event Hubs namespace.',
            );
          session.eventHub = endpoint;
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          return /IotHubUnauthorizedAccess/.test(message)
            ? fail(401, 'IotHubUnauthorizedAccess', message)
            : fail(502, 'GatewayEventHubUnreachable', message);
        }
      }
      res.writeHead(200, {
        ...cors,
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': reading from now\n\n');
      const stop = readTelemetry(
        endpoint,
        { deviceId, ...(moduleId ? { moduleId } : {}), consumerGroup },
        (e) => res.write(`event: telemetry\ndata: ${JSON.stringify(e)}\n\n`),
        (message) => res.write(`event: reader-error\ndata: ${JSON.stringify({ message })}\n\n`),
      );
      streams.add(stop);
      req.on('close', () => {
        streams.delete(stop);
        void stop();
      });
      return true;
    }
    return fail(404, 'NotFound', `No gateway route ${req.method ?? ''} ${url.pathname}.`);
  };

  return {
    token,
    handle: (req, res) =>
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent)
          reply(res, 500, { Message: `ErrorCode:GatewayError;${(e as Error).message}` }, {});
        else res.end();
        return true;
      }),
    close: async () => {
      await Promise.all([...streams].map((stop) => stop()));
      await sessions.close();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function unreachable(host: string, e: unknown): HubAnswer {
  const cause = (e as { cause?: { message?: string } }).cause?.message;
  const message = `ErrorCode:GatewayHubUnreachable;${host} did not answer: ${(e as Error).message}${cause ? ` (${cause})` : ''}`;
  return {
    status: 502,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify({ Message: message })),
  };
}

function send(res: ServerResponse, a: HubAnswer, cors: Record<string, string>): true {
  res.writeHead(a.status, {
    ...cors,
    ...a.headers,
    'access-control-expose-headers': 'iothub-errorcode, etag',
    'cache-control': 'no-store',
  });
  res.end(a.body);
  return true;
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): true {
  res.writeHead(status, {
    ...headers,
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
  return true;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error(`The request body is over ${MAX_BODY} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const v = JSON.parse((await readBody(req)).toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

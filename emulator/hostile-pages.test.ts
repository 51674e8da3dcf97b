// Hostile pages (issue 12): DNS rebinding (a foreign Host) and foreign Origins are refused on
// every web request and WebSocket upgrade; the console's origins, SDKs and curl still work.

import { request } from 'node:http';

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startHub } from './test/helpers.ts';

type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

/** node:http, because fetch will not send a Host of our choosing. */
function get(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket to the MQTT endpoint; resolves with the HTTP status of a refusal or 101. */
function upgrade(port: number, headers: { origin?: string; host?: string }): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/$iothub/websocket`, ['mqtt'], {
      ...(headers.origin ? { origin: headers.origin } : {}),
      ...(headers.host ? { headers: { host: headers.host } } : {}),
    });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('Host check (DNS rebinding)', () => {
  it('GET /emulator/bootstrap with Host: evil.example is refused, with a hub error, logged once', async () => {
    const lines: string[] = [];
    const hub = await startHub({ log: (l) => lines.push(l) });
    const port = hub.ports.http;
    for (let i = 0; i < 3; i++) {
      const res = await get(port, '/emulator/bootstrap', { host: 'evil.example' });
      expect(res.status).toBe(403);
      expect(res.headers['iothub-errorcode']).toBe('IotHubUnauthorizedAccess');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.body).not.toContain('SharedAccessKey');
      expect(JSON.parse(res.body).Message).toMatch(/Host "evil\.example".*--allow-host/);
    }
    expect(lines.filter((l) => l.includes('evil.example'))).toHaveLength(1);
    // A port on the name does not help, nor does another route or the console.
    for (const path of ['/devices/device-1', '/', '/health'])
      expect((await get(port, path, { host: `evil.example:${port}` })).status).toBe(403);
  });

  it('answers localhost, loopback and the bind address, and --host-name / --allow-host names', async () => {
    const hub = await startHub({ hostName: 'myhub.example', allowHosts: ['.lab.test'] });
    const port = hub.ports.http;
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `myhub.example:${port}`,
      `pc.lab.test:${port}`,
    ]) {
      const res = await get(port, '/emulator/bootstrap', { host });
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body).hostName).toBe('myhub.example');
    }
    expect((await get(port, '/health', { host: `other.test:${port}` })).status).toBe(403);
  });

  it('refuses a WebSocket upgrade with a foreign Host before any MQTT is spoken', async () => {
    const hub = await startHub();
    expect(await upgrade(hub.ports.http, { host: 'evil.example' })).toBe(403);
    expect(await upgrade(hub.ports.http, {})).toBe(101);
  });
});

describe('Origin check', () => {
  it('refuses REST calls and WebSockets from pages of other origins', async () => {
    const hub = await startHub();
    const port = hub.ports.http;
    const foreign = await get(port, '/twins/device-1', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await get(
      port,
      '/twins/device-1',
      { origin: 'http://localhost:3000', 'access-control-request-method': 'PATCH' },
      'OPTIONS',
    );
    expect(preflight.status).toBe(403);
    expect(await upgrade(port, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade(port, { origin: 'null' })).toBe(403);
  });

  it("answers the emulator's own console origins, same origin, and --allow-origin pages", async () => {
    const hub = await startHub({ allowOrigins: ['http://localhost:3000'] });
    const port = hub.ports.http;
    for (const origin of [
      `http://localhost:${port}`,
      `http://127.0.0.1:${port}`,
      'http://localhost:3000',
    ]) {
      const res = await get(
        port,
        '/twins/device-1',
        { origin, 'access-control-request-method': 'PATCH' },
        'OPTIONS',
      );
      expect(res.status, origin).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers.vary).toBe('Origin');
      expect(await upgrade(port, { origin })).toBe(101);
    }
    // Same origin through a proxy that keeps the Host (npm run dev's Vite on :5173).
    const viaVite = await get(port, '/emulator/bootstrap', {
      host: 'localhost:5173',
      origin: 'http://localhost:5173',
    });
    expect(viaVite.status).toBe(200);
    expect(viaVite.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('lets the console page on the HTTP port open WSS on the TLS port', async () => {
    const hub = await startHub({ tls: true, httpsPort: 0, mqttsPort: 0 });
    const https = hub.ports.https ?? 0;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`wss://127.0.0.1:${https}/$iothub/websocket`, ['mqtt'], {
        origin: `http://localhost:${hub.ports.http}`,
        rejectUnauthorized: false,
      });
      ws.on('open', () => {
        ws.terminate();
        resolve(101);
      });
      ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(101);
  });

  it('never answers CORS with *', async () => {
    const hub = await startHub();
    const res = await get(hub.ports.http, '/health', {});
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

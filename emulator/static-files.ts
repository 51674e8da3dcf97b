// Serves the built console (e.g. dist/) at '/': index.html and the files of the build, nothing
// else. Every other path is IoT Hub's (issue 10): it answers the hub's JSON 404, never the
// console's HTML, so an SDK call to a route the emulator lacks fails as it would on a hub.
// Without a build, '/' explains how to make one.

import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

import { CONSOLE_CSP } from './console-csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `The IoT Hub emulator is running, but the device console is not built.

Build it with:   npm run build
or run both with: npm start        (builds when needed, then serves the console here)

The REST API, MQTT over WebSockets (/$iothub/websocket) and /health work without it.
`;

export function createStaticHandler(staticDir: string | undefined) {
  const root = staticDir ? resolve(staticDir) : undefined;
  const built = () => root !== undefined && existsSync(join(root, 'index.html'));

  return function serveStatic(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
    } catch {
      return false; // malformed escapes: 404
    }
    const headers = { 'x-content-type-options': 'nosniff' };
    if (!root || !built()) {
      if (path !== '/' && path !== '/index.html') return false;
      res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
      return true;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return false; // no escaping the root
    if (path === '/') file = join(root, 'index.html');
    // The console has no client-side routes: a path that is not a file of the build is not its.
    if (!existsSync(file) || statSync(file).isDirectory()) return false;
    const immutable = path.startsWith('/assets/');
    const isPage = extname(file) === '.html';
    res.writeHead(200, {
      ...headers,
      ...(isPage
        ? { 'content-security-policy': `${CONSOLE_CSP}; frame-ancestors 'none'` }
        : undefined),
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
    return true;
  };
}

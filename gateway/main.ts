// `npm run gateway -- --port N --console-origin URL`: the service gateway alone, for a console
// served from any static host (docs/gateway.md). Loopback only by default: the gateway holds
// service keys in memory and signs calls with them.

import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import { createGateway } from './server.ts';

const USAGE = `Usage: npm run gateway -- --console-origin URL [flags]

  --console-origin URL  origin of the console page allowed to call (repeatable), e.g. http://localhost:5173
  --port N              port to listen on (default 8090)
  --bind ADDRESS        address to listen on (default 127.0.0.1)
  --allow-host NAME     also forward to this hub host name (repeatable; tests against the emulator,
                        which is not *.azure-devices.net). Trust its CA with NODE_EXTRA_CA_CERTS.
  --help
`;

function main(): void {
  const { values: v } = parseArgs({
    options: {
      'console-origin': { type: 'string', multiple: true },
      port: { type: 'string' },
      bind: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (v.help) {
    process.stdout.write(USAGE);
    return;
  }
  const origins = (v['console-origin'] ?? []).map((o) => new URL(o).origin);
  if (origins.length === 0) throw new Error('--console-origin is required');
  const port = Number(v.port ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port');
  const bind = v.bind ?? '127.0.0.1';
  let listening = port;
  const names = () =>
    ['localhost', '127.0.0.1', '[::1]', ...(bind.includes(':') ? [`[${bind}]`] : [bind])].map(
      (h) => `${h}:${listening}`,
    );
  const gateway = createGateway({
    consoleOrigins: () => origins,
    servedHosts: names,
    extraHubHosts: v['allow-host'] ?? [],
  });
  const server = createServer((req, res) => {
    void gateway.handle(req, res).then((handled) => {
      if (handled) return;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not a gateway route\n');
    });
  });
  server.listen(port, bind, () => {
    const address = server.address();
    if (address && typeof address === 'object') listening = address.port;
    // The token and keys are never printed: the console fetches the token from /gateway/bootstrap.
    process.stdout.write(
      `IoT Hub service gateway ready on http://${bind === '127.0.0.1' ? 'localhost' : bind}:${listening}/gateway/ for ${origins.join(', ')}\n`,
    );
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void gateway.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(1);
}

// Test helper: the standalone gateway (`npm run gateway`) in a child process, trusting the
// emulator's CA through NODE_EXTRA_CA_CERTS as a user would, and a client for its routes that
// sends what a browser page on the console's origin sends.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { createInterface } from 'node:readline';

export const CONSOLE_ORIGIN = 'http://console.test:5173';

export type GatewayProcess = { port: number; child: ChildProcess; stop: () => Promise<void> };

export async function startGatewayProcess(
  caPath: string,
  allowHost: string,
  consoleOrigin = CONSOLE_ORIGIN,
): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'gateway/main.ts',
      '--port',
      '0',
      '--console-origin',
      consoleOrigin,
      '--allow-host',
      allowHost,
    ],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway did not start in 20 s')), 20_000);
    lines.on('line', (line) => {
      const m = /ready on http:\/\/[^:]+:(\d+)\//.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${String(code)}`)));
  });
  return {
    port,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
};

/** One HTTP request with full control of Host and Origin (fetch may not set Host). */
export function call(
  port: number,
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: unknown; host?: string } = {},
): Promise<Answer> {
  const body =
    o.body === undefined
      ? undefined
      : Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          host: o.host ?? `localhost:${port}`,
          ...(body
            ? { 'content-type': 'application/json', 'content-length': String(body.length) }
            : {}),
          ...o.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

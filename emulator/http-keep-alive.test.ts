// Idle keep-alive connections outlive Node's client default (5 s), so that a client reusing one
// never races the server closing it: the SDK for Node's e2etests/test/twin_e2e_tests.js failed
// once with "socket hang up" when both sides timed out at 5 s.

import { Agent, request } from 'node:http';

import { describe, expect, it } from 'vitest';

import { startHub } from './test/helpers.ts';

describe('HTTP keep-alive', () => {
  it('keeps an idle connection open past 5 s and serves the next request on it', async () => {
    const hub = await startHub();
    const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 60_000 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: hub.ports.http, path: '/health', agent },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await get()).toEqual({ status: 200, reused: false });
    await new Promise((r) => setTimeout(r, 5_500));
    expect(await get()).toEqual({ status: 200, reused: true });
    agent.destroy();
  }, 15_000);
});

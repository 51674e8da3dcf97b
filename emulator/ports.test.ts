// A taken port (issue 3 "npm start"): optional listeners are skipped with a warning, the HTTP
// port and explicitly requested ports fail with a message naming the port and the way out.

import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createHub } from './hub.ts';
import { optionalListeners, portHelp, PortUnavailableError, skippedWarning } from './ports.ts';
import { service, startHub } from './test/helpers.ts';

const blockers: Server[] = [];
afterEach(async () => {
  await Promise.all(blockers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A port some other program holds, as a local mosquitto would hold 1883. */
async function occupiedPort(): Promise<number> {
  const server = createServer();
  blockers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('ports already in use', () => {
  it('only ports left at their default are optional', () => {
    expect(optionalListeners({ mqttPort: false, mqttsPort: false, httpsPort: false })).toEqual([
      'mqtt',
      'mqtts',
      'https',
    ]);
    expect(optionalListeners({ mqttPort: true, mqttsPort: false, httpsPort: true })).toEqual([
      'mqtts',
    ]);
  });

  it('runs without plain MQTT when its optional port is taken, and says so', async () => {
    const busy = await occupiedPort();
    const hub = await startHub({ mqttPort: busy, optionalListeners: ['mqtt'] });
    expect(hub.ports.mqtt).toBeUndefined();
    expect(hub.skipped).toEqual([{ listener: 'mqtt', port: busy }]);
    expect(skippedWarning(hub.skipped[0]!)).toMatch(
      new RegExp(`port ${busy} is in use.*mosquitto.*--mqtt-port`),
    );
    const health = await fetch(`http://127.0.0.1:${hub.ports.http}/health`);
    expect(health.status).toBe(200);
    expect((await service(hub).call('GET', '/devices/device-1')).status).toBe(200);
  });

  it('fails when a port that was asked for is taken', async () => {
    const busy = await occupiedPort();
    const error = await createHub({ port: 0, mqttPort: busy, inMemory: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PortUnavailableError);
    expect(error).toMatchObject({ listener: 'mqtt', port: busy, code: 'EADDRINUSE' });
  });

  it('fails on a taken HTTP port even when the other ports are optional, naming the way out', async () => {
    const busy = await occupiedPort();
    const error = await createHub({
      port: busy,
      mqttPort: 0,
      inMemory: true,
      optionalListeners: ['mqtt', 'mqtts', 'https'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortUnavailableError);
    const help = portHelp(error as PortUnavailableError);
    expect(help).toContain(`127.0.0.1:${busy}`);
    expect(help).toContain('already in use');
    expect(help).toContain('npm start -- --port 8090');
    expect(help).toContain('PORT=8090');
  });

  it('main exits 1 with that message, without the usage text', async () => {
    const busy = await occupiedPort();
    const run = spawnSync(
      process.execPath,
      [join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'emulator/main.ts', '--in-memory'],
      { env: { ...process.env, PORT: String(busy) }, encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Cannot start the emulator: port 127.0.0.1:${busy}`);
    expect(run.stderr).toContain('--port 8090');
    expect(run.stderr).not.toContain('Usage:');
  }, 40_000);
});

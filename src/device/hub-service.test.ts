// HubService.detect against a real in-process emulator: what the console learns from
// /emulator/bootstrap, including where backends read telemetry (the Event Hubs endpoint).
import { afterEach, describe, expect, it } from 'vitest';

import { createHub, type Hub } from '../../emulator/hub.ts';

import { HubService } from './hub-service.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe('HubService.detect', () => {
  it('learns the Event Hubs-compatible connection string when the emulator serves AMQP', async () => {
    hub = await createHub({ port: 0, mqttPort: 0, inMemory: true, amqpPort: 'ephemeral' });
    const service = await HubService.detect(`http://127.0.0.1:${hub.ports.http}`);
    expect(service?.hostName).toBe('localhost');
    expect(service?.eventHubConnectionString).toMatch(
      /^Endpoint=sb:\/\/.+;SharedAccessKeyName=.+;SharedAccessKey=.+;EntityPath=.+/,
    );
  });

  it('has none without AMQP', async () => {
    hub = await createHub({ port: 0, mqttPort: 0, inMemory: true });
    const service = await HubService.detect(`http://127.0.0.1:${hub.ports.http}`);
    expect(service).toBeDefined();
    expect(service?.eventHubConnectionString).toBeUndefined();
  });

  it('is undefined for a page not served by the emulator', async () => {
    expect(await HubService.detect('http://127.0.0.1:9')).toBeUndefined();
  });
});

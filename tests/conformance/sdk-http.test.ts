// azure-iot-device's Http transport (azure-iot-device-http), unchanged, against a TLS hub on an
// ephemeral HTTPS port reached through the https.Agent route of docs/sdk-against-emulator.md:
// telemetry single and batch into the events log, C2D receive with complete, reject and abandon
// from the same queue MQTT devices use (issue 10, device HTTPS).
import azureIotDevice from 'azure-iot-device';
import { describe, expect, test } from 'vitest';

import { nextEvent, waitFor, within } from './helpers.ts';
import {
  Http,
  type MessageInstance,
  Message,
  openDevice,
  sendTemperature,
  tlsHubSuite,
} from './sdk.ts';

const DeviceSas = azureIotDevice.SharedAccessSignature;
const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0 });

async function httpDevice() {
  const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'http');
  const client = await openDevice(suite.hub, connectionString, Http);
  suite.openClients.push(client);
  return { deviceId, client };
}

const queued = async (deviceId: string) =>
  (await suite.rest.json<{ cloudToDeviceMessageCount: number }>('GET', `/devices/${deviceId}`))
    .cloudToDeviceMessageCount;

describe('azure-iot-device with Http', () => {
  test('sendEvent lands in the events log with the properties MQTT telemetry gets', async () => {
    const { deviceId, client } = await httpDevice();
    const { event } = await sendTemperature(suite.rest, client, deviceId);
    expect(event.systemProperties['iothub-connection-module-id']).toBeUndefined();
  });

  test('sendEventBatch stores every message, in order, with its properties', async () => {
    const { deviceId, client } = await httpDevice();
    const batch = ['one', 'two', 'three'].map((text, i) => {
      const m = new Message(text);
      m.properties.add('index', String(i));
      return m;
    });
    await within('sendEventBatch', client.sendEventBatch(batch));
    const events = await waitFor('three events', async () => {
      const all = await suite.rest.events(deviceId);
      return all.length === 3 ? all : undefined;
    });
    expect(events.map((e) => e.body)).toEqual(['one', 'two', 'three']);
    expect(events.map((e) => e.properties)).toEqual([
      { index: '0' },
      { index: '1' },
      { index: '2' },
    ]);
    expect(events[0]?.systemProperties['iothub-connection-device-id']).toBe(deviceId);
  });

  test('C2D arrives by polling with its properties, and complete removes it', async () => {
    const { deviceId, client } = await httpDevice();
    const received = nextEvent<MessageInstance>(client, 'message');
    await suite.rest.sendC2d(deviceId, 'open the valve', {
      'iothub-messageid': 'c2d-1',
      'iothub-correlationid': 'corr-c2d',
      'iothub-app-color': 'red',
    });
    const message = await within('C2D poll', received);
    expect(message.getData().toString()).toBe('open the valve');
    expect(message.messageId).toBe('c2d-1');
    expect(message.correlationId).toBe('corr-c2d');
    // The Node SDK keeps the header name over HTTP (its http-base toMessage).
    expect(message.properties.getValue('iothub-app-color')).toBe('red');
    // No acknowledgement was asked for: no iothub-ack header, as over MQTT.
    expect(message.properties.getValue('iothub-ack')).toBeUndefined();
    expect(message.lockToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await queued(deviceId)).toBe(1);
    const result = await within('complete', client.complete(message));
    expect(result.constructor.name).toBe('MessageCompleted');
    expect(await queued(deviceId)).toBe(0);
    // Settled: the same lock token no longer holds anything.
    await expect(client.complete(message)).rejects.toThrow();
  });

  test('reject removes the message; abandon gives it back to be received again', async () => {
    const { deviceId, client } = await httpDevice();
    const first = nextEvent<MessageInstance>(client, 'message');
    await suite.rest.sendC2d(deviceId, 'bad', {});
    const rejected = await within('C2D poll', first);
    expect((await client.reject(rejected)).constructor.name).toBe('MessageRejected');
    expect(await queued(deviceId)).toBe(0);

    const once = nextEvent<MessageInstance>(client, 'message');
    await suite.rest.sendC2d(deviceId, 'later', {});
    const abandoned = await within('C2D poll', once);
    const again = nextEvent<MessageInstance>(client, 'message');
    expect((await client.abandon(abandoned)).constructor.name).toBe('MessageAbandoned');
    const redelivered = await within('C2D poll after abandon', again);
    expect(redelivered.getData().toString()).toBe('later');
    expect(redelivered.lockToken).not.toBe(abandoned.lockToken);
    await client.complete(redelivered);
    expect(await queued(deviceId)).toBe(0);
  });

  // As the SDK's own e2etests/test/authentication.js expects over Http: a wrong key or an expired
  // token is UnauthorizedError (401), an unknown device DeviceNotFoundError (404).
  test.each([
    ['a wrong key', 'UnauthorizedError'],
    ['an expired token', 'UnauthorizedError'],
    ['an unknown device', 'DeviceNotFoundError'],
  ])('%s is refused with %s and nothing is stored', async (what, errorName) => {
    const { deviceId } = await suite.rest.createDevice(suite.hub, 'http-bad');
    const key = /SharedAccessKey=([^;]+)/.exec(suite.hub.connectionString(deviceId))?.[1] ?? '';
    const host = suite.hub.hostName;
    const connectionString =
      what === 'a wrong key'
        ? `HostName=${host};DeviceId=${deviceId};SharedAccessKey=${Buffer.alloc(32, 7).toString('base64')}`
        : what === 'an expired token'
          ? `HostName=${host};DeviceId=${deviceId};SharedAccessSignature=${DeviceSas.create(host, deviceId, key, Math.floor(Date.now() / 1000) - 86_400).toString()}`
          : `HostName=${host};DeviceId=${deviceId}-nobody;SharedAccessKey=${key}`;
    const client = await openDevice(suite.hub, connectionString, Http);
    suite.openClients.push(client);
    const error: unknown = await client.sendEvent(new Message('x')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error | undefined)?.constructor.name).toBe(errorName);
    expect(await suite.rest.events(deviceId)).toEqual([]);
  });
});

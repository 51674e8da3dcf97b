// azure-iot-device-amqp, unchanged, against the emulator over both its transports: Amqp (AMQPS,
// reached through GatewayHostName=localhost:{port}) and AmqpWs (wss://…:443/$iothub/websocket,
// reached through its amqp.webSocketAgent option when the hub cannot listen on 443). Telemetry
// lands in the events log; C2D complete, reject and abandon follow IoT Hub's message life cycle
// (Microsoft Learn, "Send cloud-to-device messages from an IoT hub"); twin and direct methods
// work over their AMQP links.
import { describe, expect, test } from 'vitest';

import { uniqueId, waitFor, within } from './helpers.ts';
import {
  DeviceAmqp,
  DeviceAmqpWs,
  hubCa,
  ModuleClient,
  type DeviceTransport,
  type MessageInstance,
  Message,
  openDevice,
  tlsHubSuite,
  withAmqpsGateway,
} from './sdk.ts';

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0, amqpsPort: 'ephemeral' });

async function amqpDevice(transport: DeviceTransport) {
  const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'amqp-dev');
  const cs =
    transport === DeviceAmqp ? withAmqpsGateway(suite.hub, connectionString) : connectionString;
  const client = await openDevice(suite.hub, cs, transport);
  suite.openClients.push(client);
  return { deviceId, client };
}

type Twin = {
  properties: { desired: Record<string, unknown>; reported: Record<string, unknown> };
  on(event: 'properties.desired', listener: (patch: Record<string, unknown>) => void): void;
};

describe.each([
  ['Amqp', DeviceAmqp],
  ['AmqpWs', DeviceAmqpWs],
] as const)('azure-iot-device with %s', (_name, transport) => {
  test('sendEvent lands in the events log with system and application properties', async () => {
    const { deviceId, client } = await amqpDevice(transport);
    const message = new Message('{"t":21}');
    message.messageId = uniqueId('msg');
    message.correlationId = 'corr-7';
    message.contentType = 'application/json';
    message.contentEncoding = 'utf-8';
    message.properties.add('unit', 'C');
    await within('sendEvent', client.sendEvent(message));
    const event = await suite.rest.waitForEvent(
      deviceId,
      (e) => e.systemProperties['message-id'] === message.messageId,
    );
    expect(event.body).toBe('{"t":21}');
    expect(event.properties).toEqual({ unit: 'C' });
    expect(event.systemProperties).toMatchObject({
      'iothub-connection-device-id': deviceId,
      'correlation-id': 'corr-7',
      'content-type': 'application/json',
      'content-encoding': 'utf-8',
      'iothub-message-source': 'Telemetry',
    });
  });

  test('C2D: complete removes, abandon redelivers with a higher count, reject dead-letters', async () => {
    const { deviceId, client } = await amqpDevice(transport);
    const received: MessageInstance[] = [];
    client.on('message', (m: MessageInstance) => received.push(m));
    await suite.rest.sendC2d(deviceId, 'first', { 'iothub-messageid': 'm1', 'iothub-app-k': 'v' });
    const first = await waitFor('the first C2D message', () => received[0]);
    expect(first.data.toString()).toBe('first');
    expect(first.messageId).toBe('m1');
    expect(first.properties.getValue('k')).toBe('v');
    await within('abandon', client.abandon(first));
    const again = await waitFor('the abandoned message again', () => received[1]);
    expect(again.messageId).toBe('m1');
    await within('complete', client.complete(again));
    await suite.rest.sendC2d(deviceId, 'second', { 'iothub-messageid': 'm2' });
    const second = await waitFor('the second C2D message', () => received[2]);
    expect(second.messageId).toBe('m2');
    await within('reject', client.reject(second));
    const device = await suite.rest.json<{ cloudToDeviceMessageCount: number }>(
      'GET',
      `/devices/${encodeURIComponent(deviceId)}`,
    );
    expect(device.cloudToDeviceMessageCount).toBe(0);
    expect(received).toHaveLength(3);
  });

  test('twin: get, reported patch, desired patch pushed to the device', async () => {
    const { deviceId, client } = await amqpDevice(transport);
    const twin = (await within('getTwin', client.getTwin())) as unknown as Twin & {
      properties: { reported: { update(p: unknown, done: (e?: Error) => void): void } };
    };
    expect(twin.properties.desired.$version).toBe(1);
    await within(
      'reported update',
      new Promise<void>((resolve, reject) =>
        twin.properties.reported.update({ firmware: '1.2.3' }, (e) => (e ? reject(e) : resolve())),
      ),
    );
    const stored = await suite.rest.json<{ properties: { reported: Record<string, unknown> } }>(
      'GET',
      `/twins/${encodeURIComponent(deviceId)}`,
    );
    expect(stored.properties.reported.firmware).toBe('1.2.3');
    const patches: Record<string, unknown>[] = [];
    twin.on('properties.desired', (p) => patches.push(p));
    await waitFor('the desired patch at the device', async () => {
      if (patches.some((p) => p.interval === 5)) return true;
      await suite.rest.json('PATCH', `/twins/${encodeURIComponent(deviceId)}`, {
        properties: { desired: { interval: 5 } },
      });
      return undefined;
    });
  });

  test('direct method: the device answers the service call', async () => {
    const { deviceId, client } = await amqpDevice(transport);
    client.onDeviceMethod('reboot', (request, response) => {
      void response.send(200, { delayed: request.payload });
    });
    const result = await waitFor('the method to be reachable', async () => {
      const r = await suite.rest.request('POST', `/twins/${encodeURIComponent(deviceId)}/methods`, {
        methodName: 'reboot',
        payload: { in: 3 },
        responseTimeoutInSeconds: 10,
      });
      return r.status === 200
        ? (JSON.parse(r.text) as { status: number; payload: unknown })
        : undefined;
    });
    expect(result).toEqual({ status: 200, payload: { delayed: { in: 3 } } });
  });
});

test('a module over Amqp: telemetry carries its module id, its input link attaches, its twin works', async () => {
  const { deviceId } = await suite.rest.createDevice(suite.hub, 'amqp-mod');
  const moduleId = 'filter';
  await suite.rest.json('PUT', `/devices/${encodeURIComponent(deviceId)}/modules/${moduleId}`, {
    deviceId,
    moduleId,
  });
  const cs = withAmqpsGateway(suite.hub, suite.hub.connectionString(deviceId, moduleId));
  const client = ModuleClient.fromConnectionString(cs, DeviceAmqp);
  await client.setOptions({ ca: await hubCa(suite.hub) });
  await within('module open', client.open());
  try {
    const message = new Message('from the module');
    message.messageId = uniqueId('mod');
    await within('module sendEvent', client.sendEvent(message));
    const event = await suite.rest.waitForEvent(
      deviceId,
      (e) => e.systemProperties['message-id'] === message.messageId,
    );
    expect(event.systemProperties['iothub-connection-module-id']).toBe(moduleId);
    // Listening for input messages attaches the module's input link; the hub accepts it.
    client.on('inputMessage', () => {});
    const twin = (await within('module getTwin', client.getTwin())) as unknown as Twin;
    expect(twin.properties.desired.$version).toBe(1);
  } finally {
    await client.close();
  }
});

// Failures as the official SDKs see them, against a TLS hub on ephemeral ports: `Mqtt` reaches
// it through a port in GatewayHostName, `MqttWs` and azure-iothub through an https.Agent that
// dials the hub's HTTPS port (docs/sdk-against-emulator.md). Spec §1.6, §1.10, §5.
import azureIotCommon from 'azure-iot-common';
import { describe, expect, test } from 'vitest';

import { hubErrorCode, httpStatusOf, nextEvent, within } from './helpers.ts';
import {
  type DeviceTransport,
  Message,
  Mqtt,
  MqttWs,
  openDevice,
  tlsHubSuite,
  withMqttsGateway,
} from './sdk.ts';

const { NoRetry } = azureIotCommon;

/** azure-iothub has its own copy of azure-iot-common, so its error classes are compared by name. */
const errorClass = (error: unknown) => (error as Error | undefined)?.constructor.name;

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0 });

async function connect(connectionString: string, transport: DeviceTransport) {
  const routed =
    transport === Mqtt ? withMqttsGateway(suite.hub, connectionString) : connectionString;
  const client = await openDevice(suite.hub, routed, transport);
  suite.openClients.push(client);
  return client;
}

test('ephemeral TLS ports are reported', () => {
  expect(suite.hub.ports.mqtts).toBeGreaterThan(0);
  expect(suite.hub.ports.https).toBeGreaterThan(0);
});

describe.each([
  ['Mqtt', Mqtt],
  ['MqttWs', MqttWs],
] as const)('azure-iot-device with %s', (_name, transport) => {
  test('a wrong key is refused when opening', async () => {
    const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'wrongkey');
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const wrong = `HostName=${suite.hub.hostName};DeviceId=${deviceId};SharedAccessKey=${wrongKey}`;
    // The SDK prefixes every first-connection failure with "(Not authorized)"; the CONNACK 5
    // itself is "Connection refused: Not authorized" from MQTT.js (spec §1.6).
    await expect(connect(wrong, transport)).rejects.toThrow(/Connection refused: Not authorized/);
    // Same route, right key: the refusal was the key's doing.
    await connect(connectionString, transport);
  });

  test('a second connection of the same device closes the first', async () => {
    const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'kick');
    const first = await connect(connectionString, transport);
    // With retries on, the SDK would silently reconnect and kick the second one back; a user who
    // wants to see the disconnect turns retries off (spec §11.3).
    first.setRetryPolicy(new NoRetry());
    const disconnected = nextEvent(first, 'disconnect');
    const second = await connect(connectionString, transport);
    await disconnected;
    const message = new Message('still here');
    message.messageId = 'after-kick';
    await within('sendEvent on the second connection', second.sendEvent(message));
    const event = await suite.rest.waitForEvent(deviceId, (e) => e.body === 'still here');
    expect(event.systemProperties['iothub-connection-device-id']).toBe(deviceId);
  });
});

describe('direct method failures (azure-iothub Client.invokeDeviceMethod)', () => {
  test('no answer within responseTimeoutInSeconds: 504 with 504101', async () => {
    const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'silent');
    const client = await connect(connectionString, MqttWs);
    const calls: string[] = [];
    client.onDeviceMethod('slow', (request) => calls.push(request.methodName));
    const started = Date.now();
    const error = await within(
      'invokeDeviceMethod',
      suite.service.client.invokeDeviceMethod(deviceId, {
        methodName: 'slow',
        responseTimeoutInSeconds: 5,
        connectTimeoutInSeconds: 10,
      }),
      20_000,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(calls).toEqual(['slow']);
    expect(errorClass(error)).toBe('GatewayTimeoutError');
    expect(httpStatusOf(error)).toBe(504);
    expect(hubErrorCode(error)).toBe(504101);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
  }, 30_000);

  test('a registered device that is not connected: 404 with 404103', async () => {
    const { deviceId } = await suite.rest.createDevice(suite.hub, 'offline');
    const error = await within(
      'invokeDeviceMethod',
      suite.service.client.invokeDeviceMethod(deviceId, {
        methodName: 'reboot',
        responseTimeoutInSeconds: 5,
        connectTimeoutInSeconds: 0,
      }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(httpStatusOf(error)).toBe(404);
    expect(hubErrorCode(error)).toBe(404103);
  });
});

describe('registry failures (azure-iothub Registry)', () => {
  // translateError picks 404's class from the legacy body's code (`ErrorCode:DeviceNotFound;`),
  // the others from the HTTP status alone (spec §8.3).
  test('an unknown device: DeviceNotFoundError', async () => {
    const error = await within('registry.get', suite.service.registry.get('never-created')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorClass(error)).toBe('DeviceNotFoundError');
    expect(httpStatusOf(error)).toBe(404);
    expect(hubErrorCode(error)).toBe(404001);
  });

  test('an existing device: DeviceAlreadyExistsError', async () => {
    const { deviceId } = await suite.rest.createDevice(suite.hub, 'twice');
    const error = await within('registry.create', suite.service.registry.create({ deviceId })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorClass(error)).toBe('DeviceAlreadyExistsError');
    expect(hubErrorCode(error)).toBe(409001);
  });
});

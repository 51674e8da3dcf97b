// azure-iothub's DigitalTwinClient, unchanged, against an IoT Plug and Play device
// (azure-iot-device over MQTT with a model ID): get the digital twin, update a component's
// writable property with JSON Patch, and invoke root and component commands (Microsoft Learn,
// "Manage IoT Plug and Play digital twins"). DigitalTwinClient dials https://{HostName} on 443 with
// its own https.Agent; the credentials object it signs with is where a user hands it the agent of
// docs/sdk-against-emulator.md (ms-rest-js uses a request's agentSettings when present).
import azureIothub from 'azure-iothub';
import { expect, test } from 'vitest';

import { nextEvent, uniqueId, waitFor, within } from './helpers.ts';
import {
  DeviceClient,
  type DeviceClientInstance,
  hubCa,
  httpsAgentFor,
  Mqtt,
  tlsHubSuite,
  withMqttsGateway,
} from './sdk.ts';

const { DigitalTwinClient, IoTHubTokenCredentials } = azureIothub;
const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0 });
const MODEL = 'dtmi:com:example:TemperatureController;2';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
type Json = any;
type Signable = Parameters<InstanceType<typeof IoTHubTokenCredentials>['signRequest']>[0];

async function digitalTwins() {
  const agent = httpsAgentFor(suite.hub, await hubCa(suite.hub));
  class EmulatorCredentials extends IoTHubTokenCredentials {
    override signRequest(request: Signable) {
      request.agentSettings = { http: agent, https: agent };
      return super.signRequest(request);
    }
  }
  const client = new DigitalTwinClient(new EmulatorCredentials(suite.hub.ownerConnectionString));
  // The SDK's result types name no twin properties: the tests read them as JSON.
  return {
    get: async (id: string): Promise<Json> => client.getDigitalTwin(id),
    update: async (id: string, patch: object[], etag: string): Promise<Json> =>
      client.updateDigitalTwin(id, patch, etag),
    command: async (id: string, name: string, payload: unknown): Promise<Json> =>
      client.invokeCommand(id, name, payload),
    componentCommand: async (
      id: string,
      c: string,
      name: string,
      payload: unknown,
    ): Promise<Json> =>
      client.invokeComponentCommand(id, c, name, payload, {
        connectTimeoutInSeconds: 5,
        responseTimeoutInSeconds: 5,
      }),
  };
}

/** A Plug and Play device: the model ID goes in its MQTT username (azure-iot-device modelId). */
async function pnpDevice(): Promise<{ deviceId: string; client: DeviceClientInstance }> {
  const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'pnp');
  const client = DeviceClient.fromConnectionString(
    withMqttsGateway(suite.hub, connectionString),
    Mqtt,
  );
  await client.setOptions({ ca: await hubCa(suite.hub), modelId: MODEL });
  await within('device open', client.open());
  suite.openClients.push(client);
  return { deviceId, client };
}

test('getDigitalTwin shows the model, root properties and components', async () => {
  const { deviceId, client } = await pnpDevice();
  const twin = await within('getTwin', client.getTwin());
  await within(
    'report',
    new Promise<void>((resolve, reject) =>
      twin.properties.reported.update(
        { serialNumber: 'SN-1', thermostat1: { __t: 'c', maxTempSinceLastReboot: 30.5 } },
        (e?: Error) => (e ? reject(e) : resolve()),
      ),
    ),
  );
  const dt = await within('getDigitalTwin', (await digitalTwins()).get(deviceId));
  expect(dt).toMatchObject({
    $dtId: deviceId,
    serialNumber: 'SN-1',
    thermostat1: { maxTempSinceLastReboot: 30.5, $metadata: { maxTempSinceLastReboot: {} } },
    $metadata: { $model: MODEL, serialNumber: { lastUpdateTime: expect.any(String) } },
  });
  expect(dt.thermostat1).not.toHaveProperty('__t');
});

test('updateDigitalTwin sets a component property as desired; the device acknowledges it', async () => {
  const { deviceId, client } = await pnpDevice();
  const twin = await within('getTwin', client.getTwin());
  const service = await digitalTwins();
  const before = await within('getDigitalTwin', service.get(deviceId));
  const etag = before._response.headers.get('etag') ?? '';
  const desired = nextEvent<Record<string, unknown>>(twin, 'properties.desired.thermostat1');
  const patch = [{ op: 'add', path: '/thermostat1/targetTemperature', value: 21 }];
  // 202 without a body: the SDK resolves with undefined, as against Azure.
  await within('updateDigitalTwin', service.update(deviceId, patch, etag));

  const change = await desired;
  expect(change).toMatchObject({ __t: 'c', targetTemperature: 21 });
  const version = twin.properties.desired.$version as number;
  // The writable-property acknowledgement of the Plug and Play conventions.
  await within(
    'ack',
    new Promise<void>((resolve, reject) =>
      twin.properties.reported.update(
        {
          thermostat1: {
            __t: 'c',
            targetTemperature: { value: 21, ac: 200, av: version, ad: 'ok' },
          },
        },
        (e?: Error) => (e ? reject(e) : resolve()),
      ),
    ),
  );
  const after = await waitFor('acknowledged property', async () => {
    const dt = await service.get(deviceId);
    return dt.thermostat1?.targetTemperature === 21 ? dt : undefined;
  });
  expect(after.thermostat1.$metadata.targetTemperature).toMatchObject({
    desiredValue: 21,
    desiredVersion: version,
    ackVersion: version,
    ackCode: 200,
    ackDescription: 'ok',
  });
  // The ETag read before the update is stale now: 412.
  const stale = await service
    .update(deviceId, [{ op: 'remove', path: '/thermostat1/targetTemperature' }], etag)
    .then(
      () => undefined,
      (e: { statusCode?: number }) => e.statusCode,
    );
  expect(stale).toBe(412);
});

test('invokeCommand and invokeComponentCommand reach the device as {component}*{command}', async () => {
  const { deviceId, client } = await pnpDevice();
  const seen: { name: string; payload: unknown }[] = [];
  for (const name of ['reboot', 'thermostat1*getMaxMinReport']) {
    client.onDeviceMethod(name, (request, response) => {
      seen.push({ name: request.methodName, payload: request.payload });
      void response.send(name === 'reboot' ? 202 : 200, { maxTemp: 30.5 });
    });
  }
  const service = await digitalTwins();
  // onDeviceMethod subscribes asynchronously; retry until the device answers.
  const component = await waitFor('component command', () =>
    service
      .componentCommand(deviceId, 'thermostat1', 'getMaxMinReport', '2024-01-01T00:00:00Z')
      .catch(() => undefined),
  );
  expect(component.body).toEqual({ maxTemp: 30.5 });
  expect(component.xMsCommandStatuscode).toBe(200);
  const root = await within('invokeCommand', service.command(deviceId, 'reboot', { delay: 1 }));
  expect(root.xMsCommandStatuscode).toBe(202);
  expect(seen.at(-1)).toEqual({ name: 'reboot', payload: { delay: 1 } });
  expect(
    seen.some(
      (s) => s.name === 'thermostat1*getMaxMinReport' && s.payload === '2024-01-01T00:00:00Z',
    ),
  ).toBe(true);
});

test('getDigitalTwin of an unknown device is 404', async () => {
  const status = await (await digitalTwins()).get(uniqueId('nobody')).then(
    () => undefined,
    (e: { statusCode?: number }) => e.statusCode,
  );
  expect(status).toBe(404);
});

// The official Azure IoT SDKs for Node against a TLS hub on the ports they dial by default
// (spec §0.3, §11.1; toolchain.md): MQTTS 8883 for `Mqtt`, HTTPS/WSS 443 for `MqttWs` and for
// azure-iothub's REST calls, with `HostName=localhost` and the hub's CA trusted via setOptions.
// Binding 443 needs root (CI runs as root); otherwise the hub's HTTPS port is ephemeral and the
// https.Agent route of docs/sdk-against-emulator.md carries MqttWs and azure-iothub to it.
// A fixed port can be bound once per machine: every test that needs one lives in this file.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, test } from 'vitest';

import { nextEvent, uniqueId, waitFor, within } from './helpers.ts';
import {
  DeviceClient,
  type DeviceTransport,
  hubCa,
  Message,
  type MessageInstance,
  Mqtt,
  MqttWs,
  openDevice,
  portRedirectAgent,
  sendTemperature,
  tlsHubSuite,
} from './sdk.ts';

const asRoot = process.getuid?.() === 0;
const suite = tlsHubSuite({ mqttsPort: 8883, httpsPort: asRoot ? 443 : 0 });

test('the hub listens where the SDKs dial', () => {
  expect(suite.hub.hostName).toBe('localhost');
  expect(suite.hub.ports.mqtts).toBe(8883);
  if (asRoot) expect(suite.hub.ports.https).toBe(443);
});

/** Registers a device with azure-iothub's Registry and connects it as a user would. */
async function registeredDevice(transport: DeviceTransport) {
  const deviceId = uniqueId('sdk');
  const created = await within('Registry.create', suite.service.registry.create({ deviceId }));
  const key = created.responseBody.authentication?.symmetricKey?.primaryKey;
  expect(created.responseBody.deviceId).toBe(deviceId);
  expect(Buffer.from(key ?? '', 'base64').length).toBeGreaterThanOrEqual(16);
  const connectionString = `HostName=${suite.hub.hostName};DeviceId=${deviceId};SharedAccessKey=${key}`;
  const client = await openDevice(suite.hub, connectionString, transport);
  suite.openClients.push(client);
  return { deviceId, client };
}

describe.each([
  ['Mqtt', Mqtt],
  ['MqttWs', MqttWs],
] as const)('azure-iot-device with %s', (_name, transport) => {
  test('registry create, then connect with the generated key', async () => {
    const { deviceId } = await registeredDevice(transport);
    const fetched = await within('Registry.get', suite.service.registry.get(deviceId));
    expect(fetched.responseBody.deviceId).toBe(deviceId);
    expect(fetched.responseBody.status).toBe('enabled');
  });

  test('sendEvent with properties lands in the events log with stamped system properties', async () => {
    const { deviceId, client } = await registeredDevice(transport);
    const { event, sentAt: before } = await sendTemperature(suite.rest, client, deviceId);
    expect(event.systemProperties['iothub-connection-module-id']).toBeUndefined();
    const enqueued = Date.parse(event.systemProperties['iothub-enqueuedtime'] ?? '');
    expect(enqueued).toBeGreaterThanOrEqual(before - 1000);
    expect(enqueued).toBeLessThanOrEqual(Date.now() + 1000);
  });

  test('getTwin, then a reported update the service sees', async () => {
    const { deviceId, client } = await registeredDevice(transport);
    const twin = await within('getTwin', client.getTwin());
    expect(twin.properties.desired.$version).toBe(1);
    expect(twin.properties.reported.$version).toBe(1);
    const patch = { firmware: { version: '1.2.3' }, battery: 87 };
    await within(
      'reported update',
      new Promise<void>((resolve, reject) =>
        twin.properties.reported.update(patch, (error?: Error) =>
          error ? reject(error) : resolve(),
        ),
      ),
    );
    const seen = await within('Registry.getTwin', suite.service.registry.getTwin(deviceId));
    expect(seen.responseBody.properties.reported).toMatchObject({ ...patch, $version: 2 });
  });

  test('a desired update by the service reaches the device with its $version', async () => {
    const { deviceId, client } = await registeredDevice(transport);
    const twin = await within('getTwin', client.getTwin());
    const patches: Record<string, unknown>[] = [];
    twin.on('properties.desired', (delta: Record<string, unknown>) => patches.push(delta));
    // DOC-TWIN reconnection flow: subscribe, then GET. The GET answer comes after the SUBSCRIBE.
    await within('twin.get', twin.get());
    const updated = await within(
      'Registry.updateTwin',
      suite.service.registry.updateTwin(
        deviceId,
        { properties: { desired: { interval: 5 } } },
        '*',
      ),
    );
    const version = updated.responseBody.properties.desired.$version as number;
    expect(version).toBeGreaterThan(1);
    const delta = await waitFor('the desired patch on the device', () =>
      patches.find((p) => p.interval === 5),
    );
    expect(delta.$version).toBe(version);
    expect(twin.properties.desired.interval).toBe(5);
  });

  test('a direct method reaches the device and its status and payload reach the caller', async () => {
    const { deviceId, client } = await registeredDevice(transport);
    const requests: unknown[] = [];
    client.onDeviceMethod('reboot', (request, response) => {
      requests.push(request.payload);
      response.send(201, { rebootedAt: 'now', echo: request.payload }, () => {});
    });
    // connectTimeoutInSeconds lets the hub wait for the methods subscription (spec §5).
    const result = await within(
      'invokeDeviceMethod',
      suite.service.client.invokeDeviceMethod(deviceId, {
        methodName: 'reboot',
        payload: { delay: 3 },
        responseTimeoutInSeconds: 10,
        connectTimeoutInSeconds: 10,
      }),
      20_000,
    );
    expect(requests).toEqual([{ delay: 3 }]);
    expect(result.result).toEqual({
      status: 201,
      payload: { rebootedAt: 'now', echo: { delay: 3 } },
    });
  });

  test('a C2D message sent through REST arrives with its properties', async () => {
    const { deviceId, client } = await registeredDevice(transport);
    const received = nextEvent<MessageInstance>(client, 'message');
    await suite.rest.sendC2d(deviceId, 'open the valve', {
      'iothub-messageid': 'c2d-1',
      'iothub-correlationid': 'corr-c2d',
      'iothub-app-color': 'red',
      'iothub-app-valve': 'main inlet',
      'content-type': 'text/plain',
    });
    const message = await received;
    await client.complete(message);
    expect(message.getData().toString()).toBe('open the valve');
    expect(message.messageId).toBe('c2d-1');
    expect(message.correlationId).toBe('corr-c2d');
    expect(message.contentType).toBe('text/plain');
    expect(message.properties.getValue('color')).toBe('red');
    expect(message.properties.getValue('valve')).toBe('main inlet');
    // No feedback was asked for: nothing but the sender's properties (the SDK's own max-size C2D
    // e2e test fails on an extra `iothub-ack`).
    expect(message.properties.count()).toBe(2);
  });
});

// DigitalTwinClient dials https://{HostName}:443 and takes no agent: it can only reach a hub on 443
// (sdk-digital-twin.test.ts covers the API itself through a signRequest agent).
test.skipIf(!asRoot)(
  'DigitalTwinClient.getDigitalTwin on 443: a device answers its digital twin, an unknown one 404',
  async () => {
    const fixture = fileURLToPath(new URL('./fixtures/digital-twin-client.mjs', import.meta.url));
    const run = async (id: string) => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [fixture, suite.hub.ownerConnectionString, id],
        { timeout: 30_000, env: { ...process.env, NODE_EXTRA_CA_CERTS: suite.hub.caPath ?? '' } },
      );
      return JSON.parse(stdout.trim()) as unknown;
    };
    const deviceId = uniqueId('dt');
    await within('Registry.create', suite.service.registry.create({ deviceId }));
    expect(await run(deviceId)).toMatchObject({ step: 'resolved', twin: { $dtId: deviceId } });
    expect(await run(uniqueId('no-such-device'))).toMatchObject({
      step: 'rejected',
      statusCode: 404,
    });
  },
);

// The provisioning SDK and X.509 devices exactly as their docs show them, on the default ports:
// provisioning host `localhost` (Mqtt on 8883, MqttWs and Http on 443) and an `x509=true`
// connection string with setOptions({ cert, key }). The provisioning SDKs have no CA option, so
// they run in a child process with NODE_EXTRA_CA_CERTS (fixtures/dps-client.mjs).
test.skipIf(!asRoot)(
  'DPS: registration over Mqtt, MqttWs and Http with a group key, on the default ports',
  async () => {
    const groupKey = Buffer.from(uniqueId('group-key').padEnd(32, '.')).toString('base64');
    const groupId = uniqueId('dps-group');
    const transports = ['mqtt', 'mqttws', 'http'];
    const ids = transports.map((t) => uniqueId(`dps-${t}`));
    const derived = ids.map((id) =>
      createHmac('sha256', Buffer.from(groupKey, 'base64')).update(id).digest('base64'),
    );
    const plan = {
      serviceConnectionString: suite.hub.ownerConnectionString,
      httpsPort: 443,
      mqttsPort: 8883,
      idScope: suite.hub.dps.idScope,
      steps: [
        {
          op: 'enrollGroup',
          group: {
            enrollmentGroupId: groupId,
            attestation: { type: 'symmetricKey', symmetricKey: { primaryKey: groupKey } },
          },
        },
        ...transports.map((transport, i) => ({
          op: 'provision',
          transport,
          registrationId: ids[i],
          symmetricKey: derived[i],
        })),
      ],
    };
    const fixture = fileURLToPath(new URL('./fixtures/dps-client.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [fixture, JSON.stringify(plan)],
      {
        timeout: 30_000,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: suite.hub.caPath ?? '' },
      },
    );
    const results = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ok: boolean; result?: { deviceId?: string } });
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(results.slice(1).map((r) => r.result?.deviceId)).toEqual(ids);
  },
);

test('an X.509 device connects with x509=true and setOptions({ cert, key }) over Mqtt and MqttWs', async () => {
  for (const transport of [Mqtt, MqttWs]) {
    const deviceId = uniqueId('x509-default');
    const cert = await suite.rest.json<{
      certificate: string;
      privateKey: string;
      thumbprints: { sha256: string };
    }>('POST', '/emulator/certificates', { type: 'device', deviceId });
    await suite.rest.json('PUT', `/devices/${deviceId}`, {
      deviceId,
      authentication: {
        type: 'selfSigned',
        x509Thumbprint: { primaryThumbprint: cert.thumbprints.sha256 },
      },
    });
    const client = DeviceClient.fromConnectionString(
      `HostName=localhost;DeviceId=${deviceId};x509=true`,
      transport,
    );
    suite.openClients.push(client);
    const ca = await hubCa(suite.hub);
    const x509 = { ca, cert: cert.certificate, key: cert.privateKey };
    // Not root: MqttWs reaches the ephemeral HTTPS port through an agent that presents the cert.
    const agent = asRoot ? undefined : portRedirectAgent(suite.hub.ports.https ?? 0, ca);
    if (agent) {
      agent.createConnection = () =>
        tls.connect({
          host: 'localhost',
          port: suite.hub.ports.https,
          servername: 'localhost',
          ...x509,
        });
    }
    await client.setOptions({
      ...x509,
      ...(transport === MqttWs && agent ? { mqtt: { webSocketAgent: agent } } : {}),
    });
    await within('X.509 open', client.open());
    await within('sendEvent', client.sendEvent(new Message('x509')));
    const event = await suite.rest.waitForEvent(deviceId, () => true);
    expect(event.body).toBe('x509');
  }
});

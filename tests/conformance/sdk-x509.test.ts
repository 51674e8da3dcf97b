// azure-iot-device with X.509 authentication (issue 11), unchanged, against a TLS hub on
// ephemeral ports: `x509=true` connection strings and `setOptions({ cert, key })`, over Mqtt and
// MqttWs, for self-signed devices (SHA-1 and SHA-256 thumbprints) and CA-signed devices (CN =
// device ID, chained to a CA the hub holds as verified, directly or through an intermediate).
// Certificates come from the emulator's own POST /emulator/certificates, as a user gets them.
import https from 'node:https';
import tls from 'node:tls';

import azureIotDevice from 'azure-iot-device';
import { describe, expect, test } from 'vitest';

import type { IssuedCertificate } from '../../emulator/x509/issue.ts';

import { uniqueId, within } from './helpers.ts';
import {
  DeviceClient,
  type DeviceClientInstance,
  DeviceAmqp,
  type DeviceTransport,
  Http,
  hubCa,
  Message,
  Mqtt,
  MqttWs,
  tlsHubSuite,
} from './sdk.ts';

const { X509AuthenticationProvider } = azureIotDevice;
const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0, amqpsPort: 'ephemeral' });

const issue = (body: unknown) =>
  suite.rest.json<IssuedCertificate & { registered?: { name: string } }>(
    'POST',
    '/emulator/certificates',
    body,
  );

async function register(deviceId: string, authentication: unknown) {
  await suite.rest.json('PUT', `/devices/${encodeURIComponent(deviceId)}`, {
    deviceId,
    authentication,
  });
}

/**
 * Opens `deviceId` as a user would, with its certificate and key. On 8883 and 443,
 * `fromConnectionString('HostName=localhost;DeviceId=…;x509=true')` and `setOptions({ cert, key })`
 * are all it takes. These hubs listen on ephemeral ports, and the SDK ignores GatewayHostName in
 * an x509=true connection string, so the routes of docs/sdk-against-emulator.md are used: Mqtt
 * and Amqp get an X509AuthenticationProvider whose gatewayHostName carries the port, MqttWs and
 * Http an https.Agent that dials the HTTPS port and presents the certificate.
 */
async function openX509(
  deviceId: string,
  cert: IssuedCertificate,
  transport: DeviceTransport,
): Promise<DeviceClientInstance> {
  const ca = await hubCa(suite.hub);
  const x509 = { cert: cert.certificate, key: cert.privateKey };
  let client: DeviceClientInstance;
  if (transport === Mqtt || transport === DeviceAmqp) {
    const port = transport === Mqtt ? suite.hub.ports.mqtts : suite.hub.ports.amqps;
    const provider = new X509AuthenticationProvider({
      host: 'localhost',
      deviceId,
      gatewayHostName: `localhost:${port}`,
      x509,
    });
    client = DeviceClient.fromAuthenticationProvider(provider, transport);
  } else {
    client = DeviceClient.fromConnectionString(
      `HostName=localhost;DeviceId=${deviceId};x509=true`,
      transport,
    );
  }
  suite.openClients.push(client);
  const port = suite.hub.ports.https;
  const agent = new https.Agent({ keepAlive: false, ca, ...x509 });
  agent.createConnection = () =>
    tls.connect({ host: 'localhost', port, ca, servername: 'localhost', ...x509 });
  await client.setOptions({
    ca,
    ...x509,
    ...(transport === MqttWs ? { mqtt: { webSocketAgent: agent } } : {}),
    ...(transport === Http ? { http: { agent, receivePolicy: { interval: 1 } } } : {}),
  });
  await within('device open', client.open());
  return client;
}

async function expectX509Telemetry(client: DeviceClientInstance, deviceId: string) {
  const message = new Message(JSON.stringify({ temperature: 21.5 }));
  message.messageId = uniqueId('msg');
  await within('sendEvent', client.sendEvent(message));
  const event = await suite.rest.waitForEvent(
    deviceId,
    (e) => e.systemProperties['message-id'] === message.messageId,
  );
  expect(event.body).toBe('{"temperature":21.5}');
  expect(event.systemProperties['iothub-connection-device-id']).toBe(deviceId);
  expect(JSON.parse(event.systemProperties['iothub-connection-auth-method'] ?? '{}')).toMatchObject(
    { scope: 'device', type: 'x509Certificate', issuer: 'iothub' },
  );
}

describe('self-signed X.509 devices', () => {
  test.each([
    ['Mqtt', 'SHA-1', 'sha1', Mqtt],
    ['MqttWs', 'SHA-256', 'sha256', MqttWs],
    ['Amqp', 'SHA-1', 'sha1', DeviceAmqp],
    ['Http', 'SHA-256', 'sha256', Http],
  ] as const)(
    '%s: a registered secondary %s thumbprint connects and sends telemetry',
    async (_n, _label, hash, transport) => {
      const deviceId = uniqueId('x509-self');
      const cert = await issue({ type: 'device', deviceId });
      await register(deviceId, {
        type: 'selfSigned',
        // The secondary thumbprint works as well as the primary one.
        x509Thumbprint: {
          primaryThumbprint: 'AB'.repeat(20),
          secondaryThumbprint: cert.thumbprints[hash],
        },
      });
      const client = await openX509(deviceId, cert, transport);
      await expectX509Telemetry(client, deviceId);
    },
  );

  test.each([
    ['Mqtt', Mqtt],
    ['MqttWs', MqttWs],
  ] as const)('%s: another certificate is refused as IoT Hub refuses it', async (_n, transport) => {
    const deviceId = uniqueId('x509-wrong');
    const registered = await issue({ type: 'device', deviceId });
    const other = await issue({ type: 'device', deviceId });
    await register(deviceId, {
      type: 'selfSigned',
      x509Thumbprint: { primaryThumbprint: registered.thumbprints.sha1 },
    });
    await expect(openX509(deviceId, other, transport)).rejects.toThrow(
      /Connection refused: Not authorized/,
    );
    const log = await suite.rest.json<{ connections: { reason: string; detail: string }[] }>(
      'GET',
      `/emulator/connections?deviceId=${deviceId}`,
    );
    expect(log.connections.at(-1)?.detail).toMatch(/neither the primary nor the secondary/);
  });
});

describe('CA-signed X.509 devices', () => {
  test('a certificate chained through an intermediate to a verified CA connects (Mqtt, MqttWs)', async () => {
    const root = await issue({
      type: 'ca',
      commonName: 'Conformance Root',
      register: uniqueId('root'),
    });
    expect(root.registered).toBeDefined();
    const intermediate = await issue({
      type: 'ca',
      commonName: 'Conformance Intermediate',
      issuer: root,
    });
    for (const transport of [Mqtt, MqttWs]) {
      const deviceId = uniqueId('x509-ca');
      await register(deviceId, { type: 'certificateAuthority' });
      const cert = await issue({ type: 'device', deviceId, issuer: intermediate });
      const client = await openX509(deviceId, cert, transport);
      await expectX509Telemetry(client, deviceId);
    }
  });

  test('a CA the hub has not verified, or a CN that is not the device ID, is refused', async () => {
    const unverified = await issue({ type: 'ca', commonName: 'Not Verified' });
    const verified = await issue({ type: 'ca', commonName: 'Verified', register: uniqueId('ok') });
    const deviceId = uniqueId('x509-ca-bad');
    await register(deviceId, { type: 'certificateAuthority' });
    const fromUnverified = await issue({ type: 'device', deviceId, issuer: unverified });
    await expect(openX509(deviceId, fromUnverified, Mqtt)).rejects.toThrow(/Not authorized/);
    const otherName = await issue({ type: 'device', deviceId: `${deviceId}-x`, issuer: verified });
    await expect(openX509(deviceId, otherName, Mqtt)).rejects.toThrow(/Not authorized/);
    // A self-signed certificate with the right CN is not a CA-signed one.
    const selfSigned = await issue({ type: 'device', deviceId });
    await expect(openX509(deviceId, selfSigned, Mqtt)).rejects.toThrow(/Not authorized/);
  });
});

describe('registry', () => {
  test('selfSigned needs a SHA-1 or SHA-256 thumbprint and shows it normalized', async () => {
    const deviceId = uniqueId('x509-reg');
    const bad = await suite.rest.request('PUT', `/devices/${deviceId}`, {
      deviceId,
      authentication: { type: 'selfSigned', x509Thumbprint: { primaryThumbprint: 'xyz' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/ArgumentInvalid.*SHA-1/);
    const colons = Array.from({ length: 20 }, () => 'ab').join(':');
    await register(deviceId, { type: 'selfSigned', x509Thumbprint: { primaryThumbprint: colons } });
    const device = await suite.rest.json<{ authentication: unknown }>(
      'GET',
      `/devices/${deviceId}`,
    );
    expect(device.authentication).toEqual({
      type: 'selfSigned',
      symmetricKey: { primaryKey: null, secondaryKey: null },
      x509Thumbprint: { primaryThumbprint: 'AB'.repeat(20), secondaryThumbprint: null },
    });
  });
});

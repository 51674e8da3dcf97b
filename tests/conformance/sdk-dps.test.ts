// The emulator's Device Provisioning Service through the official provisioning SDKs, unchanged
// (issue 11): ProvisioningServiceClient manages enrollments, ProvisioningDeviceClient registers
// over Mqtt and Http with a symmetric key (individual, and group-derived) or an X.509 certificate,
// and the assigned device then connects to the hub with azure-iot-device and finds the
// enrollment's initial twin. The provisioning SDKs have no CA option, so they run in a child
// process with NODE_EXTRA_CA_CERTS (fixtures/dps-client.mjs), as a user runs them.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';

import { describe, expect, test } from 'vitest';

import type { IssuedCertificate } from '../../emulator/x509/issue.ts';

import { uniqueId, within } from './helpers.ts';
import { Mqtt, openDevice, tlsHubSuite, withMqttsGateway } from './sdk.ts';

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0 });
const run = promisify(execFile);

type StepResult = {
  op: string;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: { name?: string; message: string; statusCode?: number; body?: unknown };
};

/** Runs `steps` in the SDK child process; returns one result per step. */
async function dpsClient(steps: Record<string, unknown>[]): Promise<StepResult[]> {
  const plan = {
    serviceConnectionString: suite.hub.ownerConnectionString,
    httpsPort: suite.hub.ports.https,
    mqttsPort: suite.hub.ports.mqtts,
    idScope: suite.hub.dps.idScope,
    steps,
  };
  const script = new URL('./fixtures/dps-client.mjs', import.meta.url).pathname;
  const { stdout } = await run(process.execPath, [script, JSON.stringify(plan)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: suite.hub.caPath ?? '' },
    timeout: 20_000,
  });
  const results = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as StepResult);
  expect(results.map((r) => r.op)).toEqual(steps.map((s) => s.op));
  return results;
}

const ok = (r: StepResult | undefined) => {
  if (!r?.ok) throw new Error(`${r?.op ?? 'step'} failed: ${JSON.stringify(r?.error)}`);
  return r.result ?? {};
};

const key = () => Buffer.from(uniqueId('k').padEnd(32, 'x')).toString('base64');

async function twinOf(connectionString: string) {
  const client = await openDevice(suite.hub, withMqttsGateway(suite.hub, connectionString), Mqtt);
  suite.openClients.push(client);
  const twin = await within('getTwin', client.getTwin());
  return twin.properties.desired as Record<string, unknown>;
}

describe('symmetric key attestation', () => {
  test.each(['mqtt', 'http'])(
    'an individual enrollment provisions over %s; the device gets its initial twin',
    async (transport) => {
      const registrationId = uniqueId(`dps-${transport}`);
      const primaryKey = key();
      const [created, provisioned, state] = await dpsClient([
        {
          op: 'enroll',
          enrollment: {
            registrationId,
            attestation: {
              type: 'symmetricKey',
              symmetricKey: { primaryKey, secondaryKey: key() },
            },
            initialTwin: { tags: { floor: 3 }, properties: { desired: { interval: 30 } } },
          },
        },
        { op: 'provision', transport, registrationId, symmetricKey: primaryKey },
        { op: 'registrationState', id: registrationId },
      ]);
      expect(ok(created)).toMatchObject({ registrationId, provisioningStatus: 'enabled' });
      expect(ok(provisioned)).toMatchObject({
        registrationId,
        assignedHub: 'localhost',
        deviceId: registrationId,
        status: 'assigned',
        substatus: 'initialAssignment',
      });
      expect(ok(state)).toMatchObject({ registrationId, status: 'assigned' });
      const desired = await twinOf(
        `HostName=localhost;DeviceId=${registrationId};SharedAccessKey=${primaryKey}`,
      );
      expect(desired.interval).toBe(30);
      const device = await suite.rest.json<{ tags?: unknown }>('GET', `/twins/${registrationId}`);
      expect(device.tags).toEqual({ floor: 3 });
    },
  );

  test('an enrollment group provisions a device with the key derived for its registration ID', async () => {
    const groupId = uniqueId('group');
    const groupKey = key();
    const registrationId = uniqueId('dps-grp');
    // Learn, "Symmetric key attestation": HMAC-SHA256 over the registration ID with the group key.
    const deviceKey = createHmac('sha256', Buffer.from(groupKey, 'base64'))
      .update(registrationId)
      .digest('base64');
    const [group, wrong, provisioned] = await dpsClient([
      {
        op: 'enrollGroup',
        group: {
          enrollmentGroupId: groupId,
          attestation: {
            type: 'symmetricKey',
            symmetricKey: { primaryKey: groupKey, secondaryKey: key() },
          },
          initialTwin: { properties: { desired: { mode: 'eco' } } },
        },
      },
      // The group key itself does not attest a device (only keys derived from it do).
      { op: 'provision', transport: 'http', registrationId, symmetricKey: groupKey },
      { op: 'provision', transport: 'mqtt', registrationId, symmetricKey: deviceKey },
      { op: 'deleteGroup', id: groupId },
    ]);
    expect(ok(group)).toMatchObject({ enrollmentGroupId: groupId });
    expect(wrong?.ok).toBe(false);
    expect(wrong?.error?.statusCode).toBe(401);
    expect(ok(provisioned)).toMatchObject({ deviceId: registrationId, status: 'assigned' });
    const desired = await twinOf(
      `HostName=localhost;DeviceId=${registrationId};SharedAccessKey=${deviceKey}`,
    );
    expect(desired.mode).toBe('eco');
  });

  test('a registration nobody enrolled is refused over both transports', async () => {
    const registrationId = uniqueId('dps-none');
    const results = await dpsClient([
      { op: 'provision', transport: 'http', registrationId, symmetricKey: key() },
      { op: 'provision', transport: 'mqtt', registrationId, symmetricKey: key() },
      { op: 'getEnrollment', id: registrationId },
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(results[0]?.error?.statusCode).toBe(401);
    expect(results[2]?.error?.statusCode).toBe(404);
    expect((await suite.rest.request('GET', `/devices/${registrationId}`)).status).toBe(404);
  });
});

describe('X.509 attestation', () => {
  test('an individual enrollment with the device certificate provisions a self-signed device', async () => {
    const registrationId = uniqueId('dps-x509');
    const cert = await suite.rest.json<IssuedCertificate>('POST', '/emulator/certificates', {
      type: 'device',
      deviceId: registrationId,
    });
    const [enrolled, provisioned] = await dpsClient([
      {
        op: 'enroll',
        enrollment: {
          registrationId,
          attestation: {
            type: 'x509',
            x509: { clientCertificates: { primary: { certificate: cert.certificate } } },
          },
        },
      },
      {
        op: 'provision',
        transport: 'mqtt',
        registrationId,
        cert: cert.certificate,
        key: cert.privateKey,
      },
    ]);
    expect(ok(enrolled)).toMatchObject({
      attestation: {
        type: 'x509',
        x509: {
          clientCertificates: { primary: { info: { sha1Thumbprint: cert.thumbprints.sha1 } } },
        },
      },
    });
    expect(ok(provisioned)).toMatchObject({ deviceId: registrationId, status: 'assigned' });
    const device = await suite.rest.json<{ authentication: unknown }>(
      'GET',
      `/devices/${registrationId}`,
    );
    expect(device.authentication).toMatchObject({
      type: 'selfSigned',
      x509Thumbprint: { primaryThumbprint: cert.thumbprints.sha1 },
    });
  });

  test('an enrollment group with a signing CA provisions devices whose certificate it signed', async () => {
    const ca = await suite.rest.json<IssuedCertificate>('POST', '/emulator/certificates', {
      type: 'ca',
      commonName: 'DPS Group CA',
    });
    const registrationId = uniqueId('dps-x509g');
    const cert = await suite.rest.json<IssuedCertificate>('POST', '/emulator/certificates', {
      type: 'device',
      deviceId: registrationId,
      issuer: ca,
    });
    const stranger = await suite.rest.json<IssuedCertificate>('POST', '/emulator/certificates', {
      type: 'device',
      deviceId: registrationId,
    });
    const groupId = uniqueId('x509group');
    const [, refused, provisioned] = await dpsClient([
      {
        op: 'enrollGroup',
        group: {
          enrollmentGroupId: groupId,
          attestation: {
            type: 'x509',
            x509: { signingCertificates: { primary: { certificate: ca.certificate } } },
          },
        },
      },
      {
        op: 'provision',
        transport: 'http',
        registrationId,
        cert: stranger.certificate,
        key: stranger.privateKey,
      },
      {
        op: 'provision',
        transport: 'http',
        registrationId,
        cert: cert.certificate,
        key: cert.privateKey,
      },
      { op: 'deleteGroup', id: groupId },
    ]);
    expect(refused?.ok).toBe(false);
    expect(refused?.error?.statusCode).toBe(401);
    expect(ok(provisioned)).toMatchObject({ deviceId: registrationId, status: 'assigned' });
  });
});

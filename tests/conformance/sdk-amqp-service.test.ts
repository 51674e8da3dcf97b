// azure-iothub's Client over AMQP, its default transport, unchanged (Microsoft Learn, "Send
// cloud-to-device messages with IoT Hub (Node.js)"): open, send a C2D message with every IoT Hub
// property to a device that listens over MQTT, and receive the feedback batch when the device
// completes it. The client dials amqps://localhost:5671 as the SDK always does, so this file binds
// the fixed port 5671 (run it under flock /tmp/iothub-fixed-ports.lock) and runs the client in a
// child process with NODE_EXTRA_CA_CERTS = the hub's CA, exactly as a user would.
import { once } from 'node:events';
import https from 'node:https';

import { expect, test } from 'vitest';

import { fixtureProcess, type FixtureLine, uniqueId, waitFor, within } from './helpers.ts';
import {
  hubCa,
  DeviceAmqp,
  type MessageInstance,
  Mqtt,
  openDevice,
  tlsHubSuite,
  withMqttsGateway,
} from './sdk.ts';

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0, amqpsPort: 5671 });

type Line = FixtureLine;

/** Runs the service client with `args` while `body` checks what it reports, then ends it. */
async function withServiceClient(
  args: string[],
  body: (step: (name: string) => Promise<Line>) => Promise<void>,
): Promise<void> {
  const { lines, child } = serviceClient(args);
  try {
    await body((name) => step(lines, name));
  } finally {
    child.stdin?.end();
    if (child.exitCode === null) await within('the service client to exit', once(child, 'exit'));
  }
}

const serviceClient = (args: string[]) =>
  fixtureProcess('service-client.mjs', args, suite.hub.caPath);

const step = (lines: Line[], name: string) =>
  waitFor(`the service client to report '${name}'`, () => {
    const error = lines.find((l) => l.step === 'error');
    if (error) throw new Error(`service client failed: ${String(error.message)}`);
    return lines.find((l) => l.step === name);
  });

test('Client.send reaches an MQTT device with every property, and feedback comes back', async () => {
  const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'amqp-svc');
  const device = await openDevice(suite.hub, withMqttsGateway(suite.hub, connectionString), Mqtt);
  suite.openClients.push(device);
  const received: MessageInstance[] = [];
  device.on('message', (m: MessageInstance) => {
    received.push(m);
    void device.complete(m);
  });
  const messageId = uniqueId('c2d');
  await withServiceClient(
    [suite.hub.ownerConnectionString, deviceId, messageId, 'full'],
    async (step) => {
      await step('sent');
      const message = await waitFor('the C2D message at the device', () => received[0]);
      expect(message.data.toString()).toBe('{"command":"on"}');
      expect(message.messageId).toBe(messageId);
      expect(message.correlationId).toBe('corr-1');
      expect(message.properties.getValue('unit')).toBe('celsius');
      expect(message.properties.getValue('iothub-ack')).toBe('full');
      const feedback = await within('feedback', step('feedback'));
      expect(feedback.contentType).toBe('application/vnd.microsoft.iothub.feedback.json');
      expect(feedback.body).toEqual([
        expect.objectContaining({
          originalMessageId: messageId,
          statusCode: 'Success',
          description: 'Success',
          deviceId,
        }),
      ]);
      await step('completed');
      const unknown = await step('unknown-device-refused');
      expect(unknown.name).toBe('DeviceNotFoundError');
    },
  );
});

test('a device that rejects over AMQP produces Rejected feedback', async () => {
  const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'amqp-rej');
  // The hub listens on 5671 here, where azure-iot-device-amqp dials by default.
  const device = await openDevice(suite.hub, connectionString, DeviceAmqp);
  suite.openClients.push(device);
  device.on('message', (m: MessageInstance) => void device.reject(m));
  const messageId = uniqueId('c2d');
  const args = [suite.hub.ownerConnectionString, deviceId, messageId, 'negative'];
  await withServiceClient(args, async (step) => {
    const feedback = await within('feedback', step('feedback'));
    expect(feedback.body).toEqual([
      expect.objectContaining({ originalMessageId: messageId, statusCode: 'Rejected', deviceId }),
    ]);
  });
});

// File upload end to end (Microsoft Learn, "Upload files with IoT Hub"): azure-iot-device's
// uploadToBlob into Azurite through the hub's SAS, and Client.getFileNotificationReceiver over AMQP
// (5671, hence in this file); the blob is read back from Azurite.
const runUpload = (args: string[]) =>
  fixtureProcess('file-upload-client.mjs', args, suite.hub.caPath);

const uploadStep = (lines: FixtureLine[], name: string) =>
  waitFor(
    `the client to report '${name}'`,
    () => {
      const error = lines.find((l) => l.step === 'error');
      if (error) throw new Error(`client failed: ${String(error.message)}`);
      return lines.find((l) => l.step === name);
    },
    20_000,
  );

/** GET on the blob URI the notification names, with a SAS the hub issues for it. */
async function readBlob(uri: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(uri, { ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(`${res.statusCode} ${Buffer.concat(chunks).toString('utf8')}`));
      })
      .on('error', reject);
  });
}

test(
  'uploadToBlob stores the file in Azurite and the service gets its notification',
  { timeout: 60_000 },
  async () => {
    const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'upload');
    const text = `hello blob ${Date.now()}`;
    const { lines, child } = runUpload([
      withMqttsGateway(suite.hub, connectionString),
      suite.hub.ownerConnectionString,
      String(suite.hub.ports.https),
      'logs/today.txt',
      text,
    ]);
    try {
      await uploadStep(lines, 'service-open');
      await uploadStep(lines, 'device-open');
      expect((await uploadStep(lines, 'uploaded')).size).toBe(Buffer.byteLength(text));
      const notification = await uploadStep(lines, 'notification');
      expect(notification.contentType).toBe(
        'application/vnd.microsoft.iothub.filenotification.json',
      );
      const body = notification.body as Record<string, unknown>;
      expect(body).toMatchObject({
        deviceId,
        blobName: `${deviceId}/logs/today.txt`,
        blobSizeInBytes: Buffer.byteLength(text),
      });
      expect(typeof body.blobUri).toBe('string');
      await uploadStep(lines, 'completed');
      // The bytes are really in the Blob store: read them back with a read SAS of our own.
      const { blobSas } = await import('../../emulator/files/sas.ts');
      const sas = blobSas('fileupload', `${deviceId}/logs/today.txt`, 'r', Date.now() + 60_000);
      expect(await readBlob(`${String(body.blobUri)}${sas}`, await hubCa(suite.hub))).toBe(
        `200 ${text}`,
      );
    } finally {
      child.stdin?.end();
      if (child.exitCode === null) await within('the client to exit', once(child, 'exit'));
    }
  },
);

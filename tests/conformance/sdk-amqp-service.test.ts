// azure-iothub's Client over AMQP, its default transport, unchanged (Microsoft Learn, "Send
// cloud-to-device messages with IoT Hub (Node.js)"): open, send a C2D message with every IoT Hub
// property to a device that listens over MQTT, and receive the feedback batch when the device
// completes it. The client dials amqps://localhost:5671 as the SDK always does, so this file binds
// the fixed port 5671 (run it under flock /tmp/iothub-fixed-ports.lock) and runs the client in a
// child process with NODE_EXTRA_CA_CERTS = the hub's CA, exactly as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

import { expect, test } from 'vitest';

import { uniqueId, waitFor, within } from './helpers.ts';
import {
  DeviceAmqp,
  type MessageInstance,
  Mqtt,
  openDevice,
  tlsHubSuite,
  withMqttsGateway,
} from './sdk.ts';

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0, amqpsPort: 5671 });

type Line = { step: string; [k: string]: unknown };

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

function serviceClient(args: string[]): { lines: Line[]; child: ChildProcess } {
  const child = spawn(
    process.execPath,
    [new URL('./fixtures/service-client.mjs', import.meta.url).pathname, ...args],
    {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: suite.hub.caPath ?? '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: Line[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) =>
    lines.push(JSON.parse(l) as Line),
  );
  return { lines, child };
}

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

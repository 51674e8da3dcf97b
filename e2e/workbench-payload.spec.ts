// Payloads as they were meant (issue 8): the console composes CBOR, MessagePack, Protobuf and
// hex bodies, the emulator's event log gets the exact bytes, and the hub panel shows each
// decoded; a hub C2D with every IoT Hub field reaches the console device with those properties.
import type { Page } from '@playwright/test';

import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

const PROTO = `syntax = "proto3";
package acme;
message Reading { string sensor = 1; int32 level = 2; }`;

async function sendAs(page: Page, format: string, body: string) {
  const telemetry = pane(page, 'Telemetry');
  await telemetry
    .getByRole('group', { name: 'Body format' })
    .getByRole('button', { name: format, exact: true })
    .click();
  await fillEditor(telemetry, 'Telemetry body', body);
  const send = telemetry.getByRole('button', { name: 'Send telemetry' });
  await expect(send).toBeEnabled();
  await send.click();
}

test('CBOR, MessagePack, Protobuf and hex telemetry arrive byte-exact and are shown decoded', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');

  await sendAs(page, 'CBOR', '{"a":1}');
  await sendAs(page, 'MessagePack', '{"a":1}');
  await sendAs(page, 'Hex', 'de ad be ef');
  // Protobuf needs the schema first: Send says why until it is loaded.
  await telemetry
    .getByRole('group', { name: 'Body format' })
    .getByRole('button', { name: 'Protobuf', exact: true })
    .click();
  await fillEditor(telemetry, 'Telemetry body', '{"sensor":"s1","level":150}');
  await expect(telemetry.getByRole('alert')).toContainText('load a .proto file');
  await expect(telemetry.getByRole('button', { name: 'Send telemetry' })).toBeDisabled();
  await telemetry.getByLabel('Load .proto file').setInputFiles({
    name: 'acme.proto',
    mimeType: 'text/plain',
    buffer: Buffer.from(PROTO),
  });
  await expect(telemetry.getByLabel('Message type')).toHaveValue('acme.Reading');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();

  // The exact bytes, with the content type each format sets.
  await expect.poll(async () => (await hub.events(device.deviceId)).length).toBe(4);
  const events = await hub.events(device.deviceId);
  const seen = events.map((e) => [
    e.systemProperties['content-type'],
    Buffer.from(e.bodyBase64, 'base64').toString('hex'),
  ]);
  expect(seen).toEqual([
    ['application/cbor', 'a1616101'],
    ['application/msgpack', '81a16101'],
    ['application/octet-stream', 'deadbeef'],
    // field 1 (LEN) "s1", field 2 (VARINT) 150 = 0x96 0x01
    ['application/x-protobuf', '0a0273311096' + '01'],
  ]);

  // The hub panel shows each as its content type says.
  const list = pane(page, 'Hub (cloud side)').getByRole('list', {
    name: 'Telemetry received by the hub',
  });
  const bodies = list.getByLabel('Body received by the hub');
  await expect(bodies).toHaveCount(4);
  await expect(bodies.nth(3)).toContainText('"a": 1');
  await expect(bodies.nth(2)).toContainText('"a": 1');
  await expect(bodies.nth(1)).toContainText('de ad be ef');
  await expect(bodies.nth(0)).toContainText('"sensor": "s1"');
  await expect(bodies.nth(0)).toContainText('"level": 150');
  // Each record can be switched: the CBOR one as hex shows its bytes.
  await list.getByRole('listitem').nth(3).getByLabel('View as').selectOption('hex');
  await expect(bodies.nth(3)).toContainText('a1 61 61 01');
  // Enqueued beside sent, with the difference.
  await expect(list.getByRole('listitem').first()).toContainText(
    /enqueued \d\d:\d\d:\d\d\.\d{3} · sent by this page \d\d:\d\d:\d\d\.\d{3} · [+-]\d+ ms to the hub/,
  );
});

test('a hub C2D with every IoT Hub field reaches the device with those properties', async ({
  page,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByLabel('C2D format').selectOption('cbor');
  await hubPanel.getByLabel('C2D body').fill('{"on":true}');
  await expect(hubPanel.getByLabel('C2D content type')).toHaveValue('application/cbor');
  await hubPanel.getByLabel('C2D message ID').fill('c2d-all-1');
  await hubPanel.getByLabel('C2D correlation ID').fill('corr-all-1');
  await hubPanel.getByLabel('C2D user ID').fill('ops-team');
  await hubPanel.getByLabel('C2D expiry (minutes)').fill('30');
  await hubPanel.getByLabel('C2D feedback (iothub-ack)').selectOption('full');
  await hubPanel.getByRole('button', { name: 'Send C2D message' }).click();
  await expect(hubPanel.getByLabel('C2D send result')).toContainText(/HTTP 204 in \d+ ms/);

  const row = pane(page, 'C2D messages')
    .getByRole('list', { name: 'Received C2D messages' })
    .getByRole('listitem');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('message id c2d-all-1');
  await expect(row).toContainText('correlation id corr-all-1');
  await expect(row).toContainText('user id ops-team');
  await expect(row).toContainText('content type application/cbor');
  await expect(row).toContainText(/expires \d{4}-\d\d-\d\dT/);
  await expect(row).toContainText('iothub-ack=full');
  await expect(row.getByLabel('C2D body')).toContainText('"on": true');
});

test('an invalid hex body disables Send with the reason', async ({ page, device }) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await telemetry
    .getByRole('group', { name: 'Body format' })
    .getByRole('button', { name: 'Hex', exact: true })
    .click();
  await fillEditor(telemetry, 'Telemetry body', 'de ad b');
  await expect(telemetry.getByRole('alert')).toBeVisible();
  await expect(telemetry.getByRole('button', { name: 'Send telemetry' })).toBeDisabled();
});

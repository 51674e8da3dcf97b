// The content type and encoding follow the body format unless the user set them: IoT Hub routes
// on $body only for application/json in UTF-8, so a stale text/plain silently breaks routing.
import { connectAs, expect, pane, test } from './fixtures.ts';

test('Text then JSON then Send: the message goes as application/json in utf-8', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  const format = telemetry.getByRole('group', { name: 'Body format' });
  await format.getByRole('button', { name: 'Text' }).click();
  await expect(telemetry.getByLabel('Content type')).toHaveValue('text/plain');
  await format.getByRole('button', { name: 'JSON' }).click();
  await expect(telemetry.getByLabel('Content type')).toHaveValue('application/json');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();

  await expect.poll(async () => (await hub.events(device.deviceId)).length).toBe(1);
  const [event] = await hub.events(device.deviceId);
  expect(event?.systemProperties).toMatchObject({
    'content-type': 'application/json',
    'content-encoding': 'utf-8',
  });
});

test('a content type the user typed stays through format changes until they let it follow again', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  const format = telemetry.getByRole('group', { name: 'Body format' });
  const contentType = telemetry.getByLabel('Content type');
  await expect(contentType).toHaveAccessibleDescription('Follows the body format');
  await contentType.fill('application/vnd.acme+json');
  await expect(contentType).toHaveAccessibleDescription('Set by you: kept when the format changes');
  await format.getByRole('button', { name: 'Text' }).click();
  await format.getByRole('button', { name: 'JSON' }).click();
  await expect(contentType).toHaveValue('application/vnd.acme+json');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();

  await telemetry.getByRole('button', { name: 'Follow the body format' }).click();
  await expect(contentType).toHaveValue('application/json');
  await expect(contentType).toHaveAccessibleDescription('Follows the body format');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();

  await expect.poll(async () => (await hub.events(device.deviceId)).length).toBe(2);
  const events = await hub.events(device.deviceId);
  expect(events.map((e) => e.systemProperties['content-type'])).toEqual([
    'application/vnd.acme+json',
    'application/json',
  ]);
});

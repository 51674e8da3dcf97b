// Telemetry: what the user composes arrives at the hub with its body and properties, and a
// repeat run sends every message exactly once, each acknowledged.
import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

test('telemetry with application and system properties arrives at the hub as composed', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await fillEditor(telemetry, 'Telemetry body', '{"temperature": 23.5, "unit": "C"}');
  await telemetry.getByRole('button', { name: 'Add application property' }).click();
  await telemetry.getByLabel('Application property 1 name', { exact: true }).fill('alert');
  await telemetry.getByLabel('Application property 1 value', { exact: true }).fill('high & hot');
  await telemetry.getByRole('button', { name: 'Add application property' }).click();
  await telemetry.getByLabel('Application property 2 name', { exact: true }).fill('site');
  await telemetry.getByLabel('Application property 2 value', { exact: true }).fill('line/4');
  await expect(telemetry.getByLabel('Topic preview')).toContainText(
    `devices/${device.deviceId}/messages/events/%24.mid={auto}&`,
  );
  await telemetry.getByLabel('Auto-generate message ID').uncheck();
  await telemetry.getByLabel('Message ID', { exact: true }).fill('msg-42');
  await telemetry.getByLabel('Correlation ID').fill('corr-7');
  await expect(telemetry.getByLabel('Topic preview')).toHaveText(
    `devices/${device.deviceId}/messages/events/` +
      '%24.mid=msg-42&%24.cid=corr-7&%24.ct=application%2Fjson&%24.ce=utf-8&alert=high%20%26%20hot&site=line%2F4',
  );

  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
  const sent = telemetry.getByRole('list', { name: 'Sent telemetry' }).getByRole('listitem');
  await expect(sent).toHaveCount(1);
  await expect(sent).toContainText(/acknowledged in \d+ ms/);
  await expect(sent).toContainText('msg-42');

  await expect.poll(async () => (await hub.events(device.deviceId)).length).toBe(1);
  const [event] = await hub.events(device.deviceId);
  expect(event?.body).toBe('{"temperature": 23.5, "unit": "C"}');
  expect(event?.properties).toEqual({ alert: 'high & hot', site: 'line/4' });
  expect(event?.systemProperties).toMatchObject({
    'message-id': 'msg-42',
    'correlation-id': 'corr-7',
    'content-type': 'application/json',
    'content-encoding': 'utf-8',
    'iothub-connection-device-id': device.deviceId,
  });
});

test('invalid JSON is refused before sending, with the reason', async ({ page, hub, device }) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await fillEditor(telemetry, 'Telemetry body', '{"temperature": ');
  await expect(telemetry.getByRole('alert')).toContainText('Invalid JSON');
  await expect(telemetry.getByRole('button', { name: 'Send telemetry' })).toBeDisabled();

  // As text, the same body is a valid message.
  await telemetry
    .getByRole('group', { name: 'Body format' })
    .getByRole('button', { name: 'Text' })
    .click();
  await expect(telemetry.getByLabel('Content type')).toHaveValue('text/plain');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
  await expect(telemetry.getByRole('listitem')).toContainText(/acknowledged in \d+ ms/);
  await expect
    .poll(async () => (await hub.events(device.deviceId)).map((e) => e.body))
    .toEqual(['{"temperature": ']);
});

test('a repeat run of 20 messages all arrive once and are all acknowledged', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await telemetry.getByLabel('Repeat every (ms)').fill('50');
  await telemetry.getByLabel('Up to (messages)').fill('20');
  await telemetry.getByRole('button', { name: 'Repeat', exact: true }).click();
  await expect(telemetry.getByText('Sent 20 · acknowledged 20 · failed 0')).toBeVisible();
  await expect(telemetry.getByRole('button', { name: 'Repeat', exact: true })).toBeEnabled();

  await expect.poll(async () => (await hub.events(device.deviceId)).length).toBe(20);
  const events = await hub.events(device.deviceId);
  const ids = new Set(events.map((e) => e.systemProperties['message-id']));
  expect(ids.size).toBe(20);
  expect(events.every((e) => e.body === '{\n  "temperature": 21.5\n}')).toBe(true);
  // Nothing arrives after the run ended (the hub count stays at 20).
  expect(await hub.events(device.deviceId)).toHaveLength(20);
});

// Direct methods: the caller (REST) receives the status and payload given by hand or by a rule.
import { connectAs, expect, fillEditor, pane, test } from './fixtures.ts';

test('a method answered by hand returns its status and payload to the caller', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const methods = pane(page, 'Direct methods');
  const call = hub.invokeMethod(device.deviceId, 'setLight', { on: true, level: 3 });

  const row = methods.getByRole('list', { name: 'Method invocations' }).getByRole('listitem');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/setLight · \$rid \S+ · .* · waiting/);
  await expect(row).toContainText('{"on":true,"level":3}');
  await expect(methods.getByText(/^Respond to setLight \(\$rid \S+\)$/)).toBeVisible();

  await fillEditor(methods, 'Response payload', '{"applied": true, "level": 3}');
  await methods.getByLabel('Response status').fill('201');
  await methods.getByRole('button', { name: 'Respond' }).click();

  const result = await call;
  expect(result).toEqual({
    httpStatus: 200,
    body: { status: 201, payload: { applied: true, level: 3 } },
  });
  await expect(row).toContainText(/answered 201 in \d+ ms/);
  await expect(row).not.toContainText('(rule)');
  await expect(methods.getByText('No open invocation to respond to')).toBeVisible();
});

test('a method answered by a rule returns the rule status and payload without a click', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const methods = pane(page, 'Direct methods');
  await methods.getByRole('button', { name: 'Add rule' }).click();
  await methods.getByLabel('Rule 1 method').fill('reboot');
  await methods.getByLabel('Rule 1 status').fill('202');
  await methods.getByLabel('Rule 1 payload').fill('{"rebooting": true}');
  await methods.getByLabel('Rule 1 delay (ms)').fill('300');
  await expect(methods.getByRole('switch', { name: 'Rule 1 enabled' })).toBeChecked();

  const result = await hub.invokeMethod(device.deviceId, 'reboot', { delay: 0 });
  expect(result).toEqual({ httpStatus: 200, body: { status: 202, payload: { rebooting: true } } });
  const row = methods.getByRole('list', { name: 'Method invocations' }).getByRole('listitem');
  await expect(row).toContainText(
    // The rule's 300 ms delay is part of the latency.
    /reboot · .* · answered 202 in ([3-9]\d\d|\d{4,}) ms \(rule\)/,
  );
  await expect(row).toContainText('→ {"rebooting": true}');

  // Switched off, the rule no longer answers: the invocation waits for an answer by hand.
  await methods.getByRole('switch', { name: 'Rule 1 enabled' }).uncheck();
  const unanswered = hub.invokeMethod(device.deviceId, 'reboot', null, 5);
  await expect(methods.getByText(/^Respond to reboot/)).toBeVisible();
  await methods.getByRole('button', { name: 'Respond' }).click();
  expect(await unanswered).toEqual({
    httpStatus: 200,
    body: { status: 200, payload: { result: 'ok' } },
  });
});

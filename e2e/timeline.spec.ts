// The protocol timeline: a whole session of a fresh device, in wire order, requests paired with
// their responses (docs/timeline.md). Rows are read by their accessible names, which carry the
// position, the direction, the packet, the partner and the latency.
import type { Locator } from '@playwright/test';

import { connectAs, expect, pane, test } from './fixtures.ts';

/** The labels of the rows the filter leaves, once there are `count` of them. */
async function rows(timeline: Locator, filter: string, count: number): Promise<string[]> {
  await timeline.getByLabel('Filter timeline').fill(filter);
  const items = timeline.getByRole('list', { name: 'Protocol timeline' }).getByRole('listitem');
  await expect(items).toHaveCount(count);
  return items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** Position, and the partner's position, from "12 Device to IoT Hub: PUBLISH, answered by 14". */
function parse(label: string | undefined) {
  const m =
    /^(\d+) (Device to IoT Hub|IoT Hub to Device|Console): (\S+)(?:, (answers|answered by) (\d+))?(?:, (\d+) ms)?$/.exec(
      label ?? '',
    );
  expect(m, `row label "${label}"`).not.toBeNull();
  return {
    n: Number(m?.[1]),
    dir: m?.[2],
    packet: m?.[3],
    partner: m?.[5] === undefined ? undefined : Number(m[5]),
    latency: m?.[6] === undefined ? undefined : Number(m[6]),
  };
}

type Row = ReturnType<typeof parse>;

/** Each request is answered by the response at the same index, in the other direction. */
function expectPaired(requests: Row[], responses: Row[], requestDir: string, responseDir: string) {
  expect(responses).toHaveLength(requests.length);
  for (const [i, req] of requests.entries()) {
    expect(req).toMatchObject({ dir: requestDir, partner: responses[i]?.n });
    expect(responses[i]).toMatchObject({ dir: responseDir, partner: req.n });
  }
}

const UP = 'Device to IoT Hub';
const DOWN = 'IoT Hub to Device';

test('the timeline shows a session in order with requests paired to their responses', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const timeline = page.getByRole('region', { name: 'Protocol timeline' });

  const telemetry = pane(page, 'Telemetry');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
  await expect(
    telemetry.getByRole('list', { name: 'Sent telemetry' }).getByRole('listitem'),
  ).toContainText(/acknowledged in \d+ ms/);
  await pane(page, 'Twin').getByRole('button', { name: 'Refresh' }).click();
  await expect(timeline.getByRole('list', { name: 'Protocol timeline' })).toBeVisible();
  // The twin is read twice: once after SUBACK by the session, once by Refresh.
  await rows(timeline, 'twin response 200', 2);

  const methods = pane(page, 'Direct methods');
  const call = hub.invokeMethod(device.deviceId, 'reboot', { delay: 0 });
  await expect(methods.getByText(/^Respond to reboot/)).toBeVisible();
  await methods.getByRole('button', { name: 'Respond' }).click();
  expect((await call).httpStatus).toBe(200);
  await pane(page, 'Connection').getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('status')).toHaveText('Disconnected');

  const [connect] = (await rows(timeline, 'client id', 1)).map(parse);
  expect(connect).toMatchObject({ n: 1, dir: 'Device to IoT Hub', packet: 'CONNECT' });
  const connectRow = timeline.getByRole('listitem');
  await expect(connectRow).toContainText(`client id ${device.deviceId}`);
  await expect(connectRow).toContainText('token expires');
  await expect(connectRow).not.toContainText('sig=');

  const [connack] = (await rows(timeline, 'accepted', 1)).map(parse);
  expect(connack).toMatchObject({ n: 2, dir: 'IoT Hub to Device', packet: 'CONNACK', partner: 1 });

  const subscribes = (await rows(timeline, 'SUBSCRIBE', 4)).map(parse);
  const subacks = (await rows(timeline, 'SUBACK', 4)).map(parse);
  expectPaired(subscribes, subacks, UP, DOWN);
  expect(Math.min(...subscribes.map((s) => s.n))).toBeGreaterThan(2);

  const [publish] = (await rows(timeline, 'telemetry QoS 1', 1)).map(parse);
  const [puback] = (await rows(timeline, 'PUBACK', 1)).map(parse);
  expectPaired([publish!], [puback!], UP, DOWN);
  expect(publish?.packet).toBe('PUBLISH');
  expect(puback?.latency).toBeGreaterThanOrEqual(0);

  const gets = (await rows(timeline, 'twin GET', 2)).map(parse);
  const responses = (await rows(timeline, 'twin response 200', 2)).map(parse);
  expectPaired(gets, responses, UP, DOWN);
  // The session's own GET follows the SUBACKs; the Refresh follows the telemetry.
  expect(gets[0]?.n).toBeGreaterThan(Math.max(...subacks.map((s) => s.n)));
  expect(gets[1]?.n).toBeGreaterThan(publish?.n ?? Infinity);

  const [request] = (await rows(timeline, 'method request reboot', 1)).map(parse);
  const [response] = (await rows(timeline, 'method response 200', 1)).map(parse);
  expectPaired([request!], [response!], DOWN, UP);
  expect(request?.packet).toBe('PUBLISH');
  expect(request?.n).toBeGreaterThan(gets[1]?.n ?? Infinity);

  const [disconnect] = (await rows(timeline, 'DISCONNECT graceful', 1)).map(parse);
  const [close] = (await rows(timeline, 'CLOSE console', 1)).map(parse);
  expect(disconnect?.n).toBeGreaterThan(response?.n ?? Infinity);
  expect(close).toMatchObject({ n: (disconnect?.n ?? 0) + 1, dir: 'Console', packet: 'CLOSE' });
  await expect(timeline.getByRole('listitem')).toContainText(
    'Disconnect: the console closed the connection',
  );

  await rows(timeline, 'no packet looks like this', 0);
  await expect(timeline.getByText('No packet matches the filter.')).toBeVisible();
  await timeline.getByLabel('Filter timeline').fill('');
  await expect(timeline.getByLabel('Timeline count')).toHaveText(`${close?.n} packets`);
});

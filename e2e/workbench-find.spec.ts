// Find, copy and export (issue 8): filters with "N of M" (one that must match nothing), `/`,
// the row copy menu and the hub panel's commands through the real clipboard, and an NDJSON export
// imported back as a read-only journal with byte-exact binary and Protobuf bodies.
import { readFile } from 'node:fs/promises';

import type { Download, Locator, Page } from '@playwright/test';

import { connectAs, expect, pane, test } from './fixtures.ts';
import type { HubClient } from './hub-client.ts';

/** Posts a C2D message with these exact bytes (IoT Hub REST "Send Device Command"). */
async function sendC2dBytes(
  hub: HubClient,
  deviceId: string,
  body: Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
) {
  const response = await hub.request(
    'POST',
    `/devices/${encodeURIComponent(deviceId)}/messages/deviceBound`,
    { body, headers },
  );
  expect(response.status).toBe(204);
}

const journalPane = (page: Page) => page.getByRole('region', { name: 'Journal', exact: true });

async function download(page: Page, scope: Locator, item: string): Promise<Download> {
  await scope.getByRole('button', { name: 'Export', exact: true }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return file;
}

type Line = { body: string; properties?: { system: Record<string, string> } };

async function recordLines(file: Download): Promise<Line[]> {
  const text = await readFile((await file.path()) as string, 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as Line);
}

test('the C2D filter counts, highlights, matches nothing when it must, and survives a tab switch', async ({
  page,
  hub,
  device,
}) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await connectAs(page, device.connectionString);
  await page.getByRole('tab', { name: 'C2D' }).click();
  const c2d = pane(page, 'C2D messages');
  const list = c2d.getByRole('list', { name: 'Received C2D messages' });
  await hub.sendC2d(device.deviceId, '{"command":"alpha"}', { 'iothub-app-priority': 'high' });
  await hub.sendC2d(device.deviceId, '{"command":"beta"}', { 'iothub-app-priority': 'low' });
  await hub.sendC2d(device.deviceId, 'gamma as text', { 'iothub-app-priority': 'high' });
  await expect(c2d.getByLabel('Filter count')).toHaveText('3 of 3');

  // `/` focuses the filter of the pane the user last clicked in.
  await c2d.getByRole('heading', { name: 'C2D messages' }).click();
  await page.keyboard.press('/');
  await expect(c2d.getByLabel('Filter', { exact: true })).toBeFocused();
  await page.keyboard.type('alpha');
  await expect(c2d.getByLabel('Filter count')).toHaveText('1 of 3');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.locator('mark')).toHaveText('alpha');

  await c2d.getByLabel('Filter', { exact: true }).fill('"no such command"');
  await expect(c2d.getByLabel('Filter count')).toHaveText('0 of 3');
  await expect(list.getByRole('listitem')).toHaveCount(0);
  await expect(list).toContainText('No C2D message matches the filter.');

  // A structured filter: an application property equal to a value.
  await c2d.getByLabel('Filter', { exact: true }).fill('');
  await c2d.getByRole('button', { name: 'Filter options' }).click();
  const options = page.getByRole('dialog', { name: 'Filter options' });
  await options.getByLabel('Property name').fill('priority');
  await options.getByLabel('Property value').fill('high');
  await page.keyboard.press('Escape');
  await expect(c2d.getByLabel('Filter count')).toHaveText('2 of 3');

  // The filter lives in the store: another tab and back, and it is still applied.
  await page.getByRole('tab', { name: 'Telemetry' }).click();
  await page.getByRole('tab', { name: 'C2D' }).click();
  await expect(pane(page, 'C2D messages').getByLabel('Filter count')).toHaveText('2 of 3');
});

test('copy a record and a hub command through the clipboard, never a key', async ({
  page,
  context,
  hub,
  device,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await connectAs(page, device.connectionString);
  await hub.sendC2d(device.deviceId, '{"setpoint":19.5}', {
    'content-type': 'application/json',
    'iothub-messageid': 'copy-1',
  });
  const row = pane(page, 'C2D messages').getByRole('listitem');
  await expect(row).toHaveCount(1);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await row.getByRole('button', { name: 'Record actions' }).click();
  await page.getByRole('menuitem', { name: 'Copy body' }).click();
  await expect.poll(clipboard).toBe('{"setpoint":19.5}');

  await row.getByRole('button', { name: 'Record actions' }).click();
  await page.getByRole('menuitem', { name: 'Copy as JSON' }).click();
  await expect.poll(clipboard).toContain('"kind":"c2d"');
  const record = JSON.parse(await clipboard()) as Line & { direction: string };
  expect(record.direction).toBe('in');
  expect(Buffer.from(record.body, 'base64').toString()).toBe('{"setpoint":19.5}');
  expect(record.properties?.system.messageId).toBe('copy-1');

  const hubPanel = pane(page, 'Hub (cloud side)');
  await hubPanel.getByLabel('C2D format').selectOption('text');
  await hubPanel.getByLabel('C2D body').fill('hello device');
  await hubPanel.getByRole('button', { name: 'Copy C2D command' }).click();
  await page.getByRole('menuitem', { name: 'Copy as curl' }).click();
  await expect.poll(clipboard).toContain('/messages/deviceBound?api-version=2021-04-12');
  const curl = await clipboard();
  expect(curl).toContain(`/devices/${device.deviceId}/`);
  expect(curl).toContain('Authorization: $IOTHUB_SAS_TOKEN');
  expect(curl).toContain("--data-binary 'hello device'");
  const deviceKey = /SharedAccessKey=(.*)$/.exec(device.connectionString)?.[1] as string;
  expect(curl).not.toContain(deviceKey);
  expect(curl).not.toMatch(/sig=|SharedAccessKey/);

  await hubPanel.getByRole('button', { name: 'Copy C2D command' }).click();
  await page.getByRole('menuitem', { name: 'Copy as az iot command' }).click();
  await expect
    .poll(clipboard)
    .toBe(
      `az iot device c2d-message send --hub-name ${hub.hostName.split('.')[0]} ` +
        `--device-id ${device.deviceId} --data 'hello device' --content-type text/plain --content-encoding utf-8`,
    );
});

test('export NDJSON, import it read-only, bodies byte-exact (binary and Protobuf)', async ({
  page,
  hub,
  device,
}) => {
  await connectAs(page, device.connectionString);
  // Every byte value, and a Protobuf message: field 1 varint 150, field 2 string "hi".
  const binary = Uint8Array.from({ length: 256 }, (_, i) => (i * 7) % 256);
  const protobuf = Uint8Array.from([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69]);
  await sendC2dBytes(hub, device.deviceId, binary, {
    'content-type': 'application/octet-stream',
  });
  await sendC2dBytes(hub, device.deviceId, protobuf, {
    'content-type': 'application/x-protobuf',
  });
  await hub.sendC2d(device.deviceId, '{"plain":"json"}', { 'content-type': 'application/json' });
  const c2d = pane(page, 'C2D messages');
  await expect(c2d.getByLabel('Filter count')).toHaveText('3 of 3');

  const exported = await download(page, c2d, 'Export view as NDJSON');
  expect(exported.suggestedFilename()).toMatch(
    new RegExp(`^iothub-${device.deviceId}-c2d-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z\\.ndjson$`),
  );
  const lines = await recordLines(exported);
  const bodies = lines.map((l) => Buffer.from(l.body, 'base64'));
  expect(bodies).toEqual([
    Buffer.from(binary),
    Buffer.from(protobuf),
    Buffer.from('{"plain":"json"}'),
  ]);
  expect(lines[1]?.properties?.system.contentType).toBe('application/x-protobuf');

  // Imported into the journal view: labelled read-only, filtered like live data.
  const journal = journalPane(page);
  await journal.getByLabel('Import NDJSON file').setInputFiles({
    name: exported.suggestedFilename(),
    mimeType: 'application/x-ndjson',
    buffer: await readFile((await exported.path()) as string),
  });
  await expect(journal.getByLabel('Imported journal', { exact: true })).toHaveText(
    `Imported: ${exported.suggestedFilename()} (read-only)`,
  );
  await expect(journal.getByLabel('Filter count')).toHaveText('3 of 3');
  await journal.getByLabel('Filter', { exact: true }).fill('x-protobuf');
  await expect(journal.getByLabel('Filter count')).toHaveText('1 of 3');
  await journal.getByLabel('Filter', { exact: true }).fill('');

  // Exported again from the import: the same bytes.
  const again = await recordLines(await download(page, journal, 'Export view as NDJSON'));
  expect(again.map((l) => Buffer.from(l.body, 'base64'))).toEqual(bodies);

  // The live journal never saw the import; closing brings it back.
  await journal.getByRole('button', { name: 'Close imported journal' }).click();
  await expect(journal.getByLabel('Imported journal', { exact: true })).toBeHidden();
  await journal.getByLabel('Filter', { exact: true }).fill('x-protobuf');
  await expect(journal.getByLabel('Filter count')).toHaveText(/^1 of \d+$/);
  await expect(journal.getByRole('list', { name: 'Journal records' })).toContainText('c2d · 7 B');
});

test('the journal view filters by kind and text, and a filter that matches nothing shows 0', async ({
  page,
  device,
}) => {
  await connectAs(page, device.connectionString);
  const telemetry = pane(page, 'Telemetry');
  await telemetry.getByRole('button', { name: 'Send telemetry' }).click();
  await expect(telemetry.getByText(/acknowledged 1/)).toBeVisible();
  const journal = journalPane(page);
  await journal.getByRole('button', { name: 'Filter options' }).click();
  await page.getByRole('dialog', { name: 'Filter options' }).getByLabel('telemetry').check();
  await page.keyboard.press('Escape');
  await expect(journal.getByLabel('Filter count')).toHaveText(/^1 of \d+$/);
  await journal.getByLabel('Filter', { exact: true }).fill('nothing-like-this-anywhere');
  await expect(journal.getByLabel('Filter count')).toHaveText(/^0 of \d+$/);
  await expect(journal.getByRole('listitem')).toHaveCount(0);
});

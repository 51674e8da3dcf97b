// What the emulator does not implement fails in azure-iothub as it would against a hub lacking it:
// a 404 error, never a result parsed from the console's HTML (issue 10, deviation 2).
import { expect, test } from 'vitest';

import { within } from './helpers.ts';
import { tlsHubSuite } from './sdk.ts';

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0 });

/** The HTTP status azure-iothub's RestApiClient attached to the error `call` rejected with. */
async function failureStatus(what: string, call: Promise<unknown>): Promise<number | undefined> {
  const error: unknown = await within(
    what,
    call.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  expect(error, `${what} must reject`).toBeInstanceOf(Error);
  return (error as { response?: { statusCode?: number } }).response?.statusCode;
}

test('Registry.getConfiguration rejects with a 404', async () => {
  expect(
    await failureStatus('getConfiguration', suite.service.registry.getConfiguration('cfg-1')),
  ).toBe(404);
});

// Jobs v2 exist (sdk-jobs.test.ts); import and export jobs (POST /jobs/create) do not.
test('Registry.exportDevicesToBlob rejects with a 404', async () => {
  expect(
    await failureStatus(
      'exportDevicesToBlob',
      suite.service.registry.exportDevicesToBlob('https://127.0.0.1:1/export?sig=x', false),
    ),
  ).toBe(404);
});

// azure-iothub's Registry.addDevices / updateDevices / removeDevices, unchanged, as
// azure-iot-sdk-node's e2etests/test/registry.js ("bulk Identity add/update/remove") checks them:
// `isSuccessful: true, errors: []` for each, and the registry changed accordingly.
import { expect, test } from 'vitest';

import { uniqueId, within } from './helpers.ts';
import { tlsHubSuite } from './sdk.ts';

const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0 });

test('bulk add, update and remove report success and change the registry', async () => {
  const ids = [uniqueId('bulk'), uniqueId('bulk')];
  const registry = suite.service.registry;
  const added = await within(
    'addDevices',
    registry.addDevices(ids.map((deviceId) => ({ deviceId, status: 'enabled' }))),
  );
  expect(added.responseBody).toMatchObject({ isSuccessful: true, errors: [] });
  const updated = await within(
    'updateDevices',
    registry.updateDevices(
      ids.map((deviceId) => ({ deviceId, status: 'disabled' })),
      true,
    ),
  );
  expect(updated.responseBody).toMatchObject({ isSuccessful: true, errors: [] });
  for (const id of ids)
    expect((await within('get', registry.get(id))).responseBody.status).toBe('disabled');
  const removed = await within(
    'removeDevices',
    registry.removeDevices(
      ids.map((deviceId) => ({ deviceId })),
      true,
    ),
  );
  expect(removed.responseBody).toMatchObject({ isSuccessful: true, errors: [] });
  const gone = await registry.get(ids[0] ?? '').then(
    () => 200,
    (e: { response?: { statusCode?: number } }) => e.response?.statusCode,
  );
  expect(gone).toBe(404);
});

test('adding a device that exists reports it per device, not as a failed call', async () => {
  const { deviceId } = await suite.rest.createDevice(suite.hub, 'bulk-dup');
  const result = await within(
    'addDevices',
    suite.service.registry.addDevices([{ deviceId }, { deviceId: uniqueId('bulk') }]).then(
      (r) => r.responseBody,
      (e: { responseBody?: string }) => JSON.parse(e.responseBody ?? '{}'),
    ),
  );
  expect(result).toMatchObject({
    isSuccessful: false,
    errors: [expect.objectContaining({ deviceId, errorCode: expect.anything() })],
  });
});

// Bulk registry operations: POST /devices, as Registry.addDevices / updateDevices / removeDevices
// send it (https://learn.microsoft.com/rest/api/iothub/service/bulk-registry/update-registry;
// the SDK for Node's e2etests/test/registry.js, "bulk Identity add/update/remove").

import { describe, expect, it } from 'vitest';

import { service, startHub } from './test/helpers.ts';

describe('bulk registry operations (POST /devices)', () => {
  it('creates, updates and deletes devices one entry at a time, reporting failed entries', async () => {
    const hub = await startHub();
    const { call } = service(hub);
    const status = async (id: string) =>
      (await call('GET', `/devices/${id}`)).json as { status: string } | undefined;

    const added = await call('POST', '/devices', [
      { id: 'b1', importMode: 'create', status: 'disabled' },
      { id: 'b2', importMode: 'create', status: 'disabled' },
    ]);
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ isSuccessful: true, errors: [], warnings: [] });
    expect((await status('b1'))?.status).toBe('disabled');

    const updated = await call('POST', '/devices', [
      { id: 'b1', importMode: 'Update', status: 'enabled' },
      { id: 'b2', importMode: 'UpdateIfMatchETag', status: 'enabled', eTag: 'stale' },
    ]);
    expect(updated.status).toBe(400);
    expect(updated.json).toMatchObject({
      isSuccessful: false,
      errors: [{ deviceId: 'b2', errorCode: 'PreconditionFailed' }],
    });
    expect((await status('b1'))?.status).toBe('enabled');
    expect((await status('b2'))?.status).toBe('disabled');

    const again = await call('POST', '/devices', [{ id: 'b1', importMode: 'create' }]);
    expect(again.json).toMatchObject({ errors: [{ errorCode: 'DeviceAlreadyExists' }] });

    const removed = await call('POST', '/devices', [
      { id: 'b1', importMode: 'Delete' },
      { id: 'b2', importMode: 'delete' },
      { id: 'nope', importMode: 'Delete' },
    ]);
    expect(removed.json).toMatchObject({
      errors: [{ deviceId: 'nope', errorCode: 'DeviceNotFound' }],
    });
    expect((await call('GET', '/devices/b1')).status).toBe(404);
    expect((await call('GET', '/devices/b2')).status).toBe(404);

    expect((await call('POST', '/devices', {})).status).toBe(400);
    await hub.close();
  });
});

// Nested edge: `deviceScope` and `parentScopes` of the registry's Device
// (https://learn.microsoft.com/rest/api/iothub/service/devices/create-or-update-identity), as the
// SDK for Node's e2etests/test/registry.js uses them.

import { describe, expect, it } from 'vitest';

import { service, startHub } from './test/helpers.ts';

type Device = { deviceId: string; deviceScope?: string; parentScopes: string[]; etag: string };

describe('device scopes (nested edge)', () => {
  it('gives edge devices a scope, lets leaf and child edge devices name it, refuses others', async () => {
    const hub = await startHub();
    const { call } = service(hub);
    const put = async (id: string, body: Record<string, unknown>) => {
      const res = await call(
        'PUT',
        `/devices/${id}`,
        { deviceId: id, ...body },
        { 'if-match': '*' },
      );
      return { status: res.status, device: res.json as Device, error: res.text };
    };

    const root = await put('root', { capabilities: { iotEdge: true } });
    expect(root.status).toBe(200);
    const rootScope = root.device.deviceScope ?? '';
    expect(rootScope).toMatch(/^ms-azure-iot-edge:\/\/root-\d+$/);
    expect(root.device.parentScopes).toEqual([]);

    // A child edge device names its parent in parentScopes and has a scope of its own.
    const child = await put('child', {
      capabilities: { iotEdge: true },
      parentScopes: [rootScope],
    });
    expect(child.status).toBe(200);
    expect(child.device.parentScopes).toEqual([rootScope]);
    const childScope = child.device.deviceScope ?? '';
    expect(childScope).toMatch(/^ms-azure-iot-edge:\/\/child-\d+$/);

    // A leaf device: deviceScope is its parent's scope, and so is parentScopes.
    const leaf = await put('leaf', { deviceScope: childScope });
    expect(leaf.status).toBe(200);
    expect(leaf.device.deviceScope).toBe(childScope);
    expect(leaf.device.parentScopes).toEqual([childScope]);
    expect((await call('GET', '/twins/leaf')).json).toMatchObject({ deviceScope: childScope });

    // An edge device's own scope does not change on update, whatever the body says.
    const again = await put('root', { capabilities: { iotEdge: true }, deviceScope: 'other' });
    expect(again.device.deviceScope).toBe(rootScope);

    // A scope that is no edge device's is refused.
    const bad = await put('leaf', { deviceScope: '6b7c1f0e-1c1e-4a8e-9a43-0d1b0d3f1a2b' });
    expect(bad.status).toBe(400);
    expect(bad.error).toContain('ArgumentInvalid');
    expect((await put('leaf2', { deviceScope: 'ms-azure-iot-edge://leaf-1' })).status).toBe(400);
    expect(
      (await put('child', { capabilities: { iotEdge: true }, parentScopes: ['x'] })).status,
    ).toBe(400);

    // Clearing a leaf's scope.
    const cleared = await put('leaf', { deviceScope: '' });
    expect(cleared.device.deviceScope).toBeUndefined();
    expect(cleared.device.parentScopes).toEqual([]);
    await hub.close();
  });
});

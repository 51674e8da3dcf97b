// /emulator/faults (issue 12): the emulator's own faults over REST, on a raw MQTT device.
import { describe, expect, it } from 'vitest';

import { closed, connackCode, connectDevice, service, startHub } from './test/helpers.ts';

describe('/emulator/faults', () => {
  it('DropConnection closes the identity now and the log says why', async () => {
    const hub = await startHub();
    const { client } = await connectDevice(hub);
    const api = service(hub);
    const res = await api.call('POST', '/emulator/faults', {
      type: 'DropConnection',
      deviceId: 'device-1',
    });
    expect(res.status).toBe(202);
    await closed(client);
    const log = await api.call('GET', '/emulator/connections?deviceId=device-1');
    expect(log.json.connections.at(-1)).toMatchObject({
      event: 'disconnect',
      reason: 'fault-injected',
    });
  });

  it('RefuseConnections refuses CONNECT with 3 for its duration; DELETE ends it', async () => {
    const hub = await startHub();
    const api = service(hub);
    const res = await api.call('POST', '/emulator/faults', {
      type: 'RefuseConnections',
      deviceId: 'device-1',
      durationSeconds: 60,
    });
    expect(res.status).toBe(202);
    expect(await connackCode(hub)).toBe(3);
    const active = await api.call('GET', '/emulator/faults');
    expect(active.json.faults[0]).toMatchObject({ deviceId: 'device-1' });
    expect(active.json.faults[0].refuseConnectionsUntil).not.toBeNull();
    expect((await api.call('DELETE', '/emulator/faults?deviceId=device-1')).status).toBe(204);
    expect(await connackCode(hub)).toBe(0);
  });

  it('refuses unknown types, bad numbers, unknown identities and offline connection faults', async () => {
    const hub = await startHub();
    const api = service(hub);
    const post = (body: unknown) => api.call('POST', '/emulator/faults', body);
    expect((await post({ type: 'Nope', deviceId: 'device-1' })).status).toBe(400);
    expect(
      (await post({ type: 'IgnorePings', deviceId: 'device-1', durationSeconds: -1 })).status,
    ).toBe(400);
    expect((await post({ type: 'DelayPuback', deviceId: 'device-1' })).status).toBe(400);
    expect((await post({ type: 'KillTcp', deviceId: 'ghost' })).status).toBe(404);
    const offline = await post({ type: 'KillTcp', deviceId: 'device-1' });
    expect(offline.status).toBe(404);
    expect(offline.headers.get('iothub-errorcode')).toBe('DeviceNotOnline');
    expect((await post('[1,2')).status).toBe(400);
  });
});

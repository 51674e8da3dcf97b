import { describe, expect, it } from 'vitest';

import type { EmulatorIdentity } from '../../device/hub-service.ts';

import { pickerEntries } from './picker-entries.ts';

const identity = (o: Partial<EmulatorIdentity> & { deviceId: string }): EmulatorIdentity => ({
  moduleId: null,
  status: 'enabled',
  connectionState: 'Disconnected',
  connectedSince: null,
  transport: null,
  remoteAddress: null,
  subscriptions: [],
  cloudToDeviceMessageCount: 0,
  ...o,
});

describe('pickerEntries', () => {
  it('groups modules under their device, in the emulator order', () => {
    const entries = pickerEntries([
      identity({ deviceId: 'b' }),
      identity({ deviceId: 'a', moduleId: 'm1' }),
      identity({ deviceId: 'a' }),
      identity({ deviceId: 'orphan', moduleId: 'm' }),
    ]);
    expect(entries.map((e) => [e.deviceId, e.modules.map((m) => m.moduleId)])).toEqual([
      ['b', []],
      ['a', ['m1']],
    ]);
  });

  it('says that connecting kicks a connection elsewhere, and that disabled ones are refused', () => {
    const [connected, disabled, idle] = pickerEntries([
      identity({
        deviceId: 'c',
        connectionState: 'Connected',
        connectedSince: '2026-01-01T10:00:00Z',
        transport: 'mqtt',
      }),
      identity({ deviceId: 'd', status: 'disabled' }),
      identity({ deviceId: 'i' }),
    ]);
    expect(connected?.connected).toBe(true);
    expect(connected?.state).toMatch(
      /^Connected elsewhere since .+ over mqtt: connecting here disconnects that client$/,
    );
    expect(disabled?.state).toBe('Disabled: IoT Hub refuses its connections');
    expect(idle?.state).toBe('Not connected');
  });
});

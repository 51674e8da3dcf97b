// The emulator's identities as the device picker shows them: devices with their modules and what
// connecting as each would do.
import type { EmulatorIdentity } from '../../device/hub-service.ts';

export type PickerIdentity = {
  deviceId: string;
  moduleId?: string;
  /** One line for the list: connection state and its consequence. */
  state: string;
  connected: boolean;
  disabled: boolean;
};

export type PickerEntry = PickerIdentity & { modules: PickerIdentity[] };

function describe(i: EmulatorIdentity): PickerIdentity {
  const connected = i.connectionState === 'Connected';
  const disabled = i.status === 'disabled';
  const since = i.connectedSince ? ` since ${new Date(i.connectedSince).toLocaleTimeString()}` : '';
  const over = i.transport ? ` over ${i.transport}` : '';
  let state = 'Not connected';
  if (disabled) state = 'Disabled: IoT Hub refuses its connections';
  else if (connected) {
    // IoT Hub keeps one connection per identity: a new one closes the old (the emulator logs
    // kicked-by-new-connection).
    state = `Connected elsewhere${since}${over}: connecting here disconnects that client`;
  }
  return {
    deviceId: i.deviceId,
    ...(i.moduleId ? { moduleId: i.moduleId } : {}),
    state,
    connected,
    disabled,
  };
}

/** Devices in the emulator's order, each with its modules (a module never stands alone). */
export function pickerEntries(identities: EmulatorIdentity[]): PickerEntry[] {
  const byDevice = new Map<string, PickerEntry>();
  for (const i of identities) {
    if (i.moduleId) continue;
    byDevice.set(i.deviceId, { ...describe(i), modules: [] });
  }
  for (const i of identities) {
    if (i.moduleId) byDevice.get(i.deviceId)?.modules.push(describe(i));
  }
  return [...byDevice.values()];
}

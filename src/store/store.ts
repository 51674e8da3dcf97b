// The one store: a slice per concern (zustand slices pattern). Device commands reach the session
// through a session port (device-slice.ts); tests build vanilla stores with createConsoleStore().
import { create } from 'zustand';
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';

import type { SessionPort } from '../device/session-port.ts';

import { createC2dSlice, type C2dSlice } from './c2d-slice.ts';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.ts';
import { defaultPort, lazyInProcessPort } from './default-port.ts';
import { createDeviceSlice, type DeviceSlice } from './device-slice.ts';
import { createDraftsSlice, type DraftsSlice } from './drafts-slice.ts';
import { createFindSlice, type FindSlice } from './find-slice.ts';
import { createHubRequestsSlice, type HubRequestsSlice } from './hub-requests-slice.ts';
import { createHubSlice, type HubSlice } from './hub-slice.ts';
import { createJournalSlice, type JournalSlice } from './journal-slice.ts';
import { createMethodsSlice, type MethodsSlice } from './methods-slice.ts';
import { createPayloadSlice, type PayloadSlice } from './payload-slice.ts';
import { createTelemetrySlice, type TelemetrySlice } from './telemetry-slice.ts';
import { createTwinSlice, type TwinSlice } from './twin-slice.ts';

export type ConsoleState = ConnectionSlice &
  TelemetrySlice &
  C2dSlice &
  TwinSlice &
  MethodsSlice &
  HubSlice &
  JournalSlice &
  DeviceSlice &
  DraftsSlice &
  HubRequestsSlice &
  PayloadSlice &
  FindSlice;

export type ConsoleStore = StoreApi<ConsoleState>;

const createConsole =
  (port: () => SessionPort): StateCreator<ConsoleState> =>
  (...a) => ({
    ...createConnectionSlice(...a),
    ...createTelemetrySlice(...a),
    ...createC2dSlice(...a),
    ...createTwinSlice(...a),
    ...createMethodsSlice(...a),
    ...createHubSlice(...a),
    ...createJournalSlice(...a),
    ...createDeviceSlice(port)(...a),
    ...createDraftsSlice(...a),
    ...createHubRequestsSlice(...a),
    ...createPayloadSlice(...a),
    ...createFindSlice(...a),
  });

/** A vanilla store with every slice, for tests: its own port, or an in-process one on first use. */
export function createConsoleStore(port?: SessionPort): ConsoleStore {
  const own = port ?? lazyInProcessPort();
  return createStore<ConsoleState>()(createConsole(() => own));
}

/** The app's bound store (React hook + StoreApi). */
export const useConsoleStore = create<ConsoleState>()(createConsole(defaultPort));

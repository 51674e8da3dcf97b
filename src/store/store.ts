// The one store: a slice per pane (zustand slices pattern). Tests build vanilla stores from the
// same creators with createConsoleStore().
import { create } from 'zustand';
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';

import { createC2dSlice, type C2dSlice } from './c2d-slice.ts';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.ts';
import { createHubSlice, type HubSlice } from './hub-slice.ts';
import { createMethodsSlice, type MethodsSlice } from './methods-slice.ts';
import { createTelemetrySlice, type TelemetrySlice } from './telemetry-slice.ts';
import { createTwinSlice, type TwinSlice } from './twin-slice.ts';

export type ConsoleState = ConnectionSlice &
  TelemetrySlice &
  C2dSlice &
  TwinSlice &
  MethodsSlice &
  HubSlice;

export type ConsoleStore = StoreApi<ConsoleState>;

const createConsole: StateCreator<ConsoleState> = (...a) => ({
  ...createConnectionSlice(...a),
  ...createTelemetrySlice(...a),
  ...createC2dSlice(...a),
  ...createTwinSlice(...a),
  ...createMethodsSlice(...a),
  ...createHubSlice(...a),
});

/** A vanilla store with every slice: for tests and workers. */
export function createConsoleStore(): ConsoleStore {
  return createStore<ConsoleState>()(createConsole);
}

/** The app's bound store (React hook + StoreApi). */
export const useConsoleStore = create<ConsoleState>()(createConsole);

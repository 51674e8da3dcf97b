/**
 * Device commands: the store actions panes call to act as the device. Each goes through the
 * session port (src/device/session-port.ts), never to a session directly. Also keeps each
 * identity's pane history apart (issue 7, bug 5): connecting as another identity stashes the
 * telemetry, twin and method lists of the previous one and restores the new one's.
 */
import type { StateCreator } from 'zustand';

import type { RepeatProgress, RepeatSpec, SessionPort } from '../device/session-port.ts';
import type { ConnectOptions, TelemetryBody } from '../device/session-types.ts';
import { identityKey } from '../device/tab-claims.ts';
import type { MessageProperties } from '../iothub/property-bag.ts';

import type { ConnectionSlice, Identity } from './connection-slice.ts';
import type { MethodsSlice } from './methods-slice.ts';
import { EMPTY_TELEMETRY, type TelemetrySlice } from './telemetry-slice.ts';
import { EMPTY_TWIN, type TwinSlice } from './twin-slice.ts';

type Stashed = {
  telemetry: TelemetrySlice['telemetry'];
  twin: TwinSlice['twin'];
  invocations: MethodsSlice['methods']['invocations'];
  invocationsDropped: number;
};

export type DeviceSlice = {
  repeat: RepeatProgress | undefined;
  /** Pane history of identities connected before, by identityKey. */
  history: Record<string, Stashed>;
  connectDevice: (identity: Identity, options: ConnectOptions) => void;
  disconnectDevice: () => void;
  /** Connects again with the last options (after "Taken over by another tab"). */
  takeBack: () => void;
  sendTelemetry: (
    body: TelemetryBody,
    properties: MessageProperties,
    autoMessageId?: boolean,
  ) => void;
  startRepeat: (spec: RepeatSpec) => void;
  stopRepeat: () => void;
  requestTwin: () => void;
  patchReported: (patch: Record<string, unknown>) => void;
  respondToMethod: (
    rid: string,
    status: number,
    payload: string,
  ) => Promise<{ ok: boolean; error?: string }>;
  setRepeat: (progress: RepeatProgress) => void;
};

type Deps = ConnectionSlice & TelemetrySlice & TwinSlice & MethodsSlice & DeviceSlice;

export const keyOf = (i: Identity | undefined): string | undefined =>
  i ? identityKey(i.hostName, i.deviceId, i.moduleId) : undefined;

export function createDeviceSlice(
  port: () => SessionPort,
): StateCreator<Deps, [], [], DeviceSlice> {
  return (set, get) => {
    const fail = (what: string) => (error: unknown) =>
      get().appendLog([
        { at: Date.now(), message: `${what} failed: ${(error as Error).message ?? error}` },
      ]);
    const call = <T>(what: string, p: Promise<T>) => p.catch(fail(what));
    return {
      repeat: undefined,
      history: {},
      connectDevice: (identity, options) => {
        set((s) => {
          const before = keyOf(s.connection.identity);
          const after = keyOf(identity);
          const connection = { ...s.connection, identity };
          if (before === after) return { connection };
          const history = before
            ? {
                ...s.history,
                [before]: {
                  telemetry: s.telemetry,
                  twin: s.twin,
                  invocations: s.methods.invocations,
                  invocationsDropped: s.methods.dropped,
                },
              }
            : s.history;
          const back = after ? history[after] : undefined;
          return {
            connection,
            history,
            repeat: undefined,
            telemetry: back?.telemetry ?? EMPTY_TELEMETRY,
            twin: back?.twin ?? EMPTY_TWIN,
            methods: {
              ...s.methods,
              invocations: back?.invocations ?? [],
              dropped: back?.invocationsDropped ?? 0,
            },
          };
        });
        void call('Connect', port().call('connect', options));
      },
      disconnectDevice: () => void call('Disconnect', port().call('disconnect', undefined)),
      takeBack: () => void call('Reconnect', port().call('reconnect', undefined)),
      sendTelemetry: (body, properties, autoMessageId) =>
        void call(
          'Send telemetry',
          port().call('send-telemetry', { body, properties, autoMessageId }),
        ),
      startRepeat: (spec) => void call('Repeat', port().call('start-repeat', spec)),
      stopRepeat: () => void call('Stop', port().call('stop-repeat', undefined)),
      requestTwin: () => void call('Get twin', port().call('get-twin', undefined)),
      patchReported: (patch) => void call('Reported patch', port().call('patch-reported', patch)),
      respondToMethod: async (rid, status, payload) => {
        try {
          const r = await port().call('respond-method', { rid, status, payload });
          if (!r.ok && r.error) get().setInvocationError(rid, r.error);
          return r;
        } catch (error) {
          return { ok: false, error: (error as Error).message };
        }
      },
      setRepeat: (repeat) => set({ repeat }),
    };
  };
}

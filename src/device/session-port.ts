/**
 * The one command port between the UI and a device session (docs: DEVELOPERS.md "The session
 * port"). The UI sends async commands and receives the session's events in batches; the session
 * itself runs in a dedicated Web Worker (worker-port.ts) or, where there are no workers (unit
 * tests), in the same thread (in-process-port.ts). Both run the same SessionHost, so they behave
 * the same. Everything that crosses the port is structured-cloneable: plain data and Uint8Array.
 */
import type { MessageProperties } from '../iothub/property-bag.ts';

import type { MethodRule } from './method-rules.ts';
import type { ConnectOptions, SessionEvents, TelemetryBody } from './session-types.ts';

/** Repeated telemetry, run by the session so it survives any layout (issue 7, bug 1). */
export type RepeatSpec = {
  body: TelemetryBody;
  properties: MessageProperties;
  /** A fresh message id per message (`$.mid`), instead of the one in `properties`. */
  autoMessageId: boolean;
  /** 0 = as fast as IoT Hub acknowledges, with at most REPEAT_WINDOW messages in flight. */
  intervalMs: number;
  count: number;
};

export type RepeatProgress = {
  running: boolean;
  sent: number;
  max: number;
  acknowledged: number;
  failed: number;
  intervalMs: number;
  startedAt: number;
  endedAt?: number;
  /** Why it ended before sending `max` (stopped, disconnected, taken over). */
  stopped?: string;
};

export type SessionCommands = {
  connect: { args: ConnectOptions; result: void };
  disconnect: { args: undefined; result: void };
  /** Connects again with the last options (the "take it back" of a taken-over session). */
  reconnect: { args: undefined; result: void };
  'send-telemetry': {
    args: { body: TelemetryBody; properties: MessageProperties; autoMessageId?: boolean };
    result: string;
  };
  'start-repeat': { args: RepeatSpec; result: void };
  'stop-repeat': { args: undefined; result: void };
  'get-twin': { args: undefined; result: string | undefined };
  'patch-reported': { args: Record<string, unknown>; result: string | undefined };
  'respond-method': {
    args: { rid: string; status: number; payload: string };
    result: { ok: boolean; error?: string };
  };
  'set-rules': { args: MethodRule[]; result: void };
};

export type CommandName = keyof SessionCommands;

export type PortEvents = SessionEvents & {
  repeat: RepeatProgress;
  /** A rule answers this method now (so the UI can say "auto"); with error when it could not. */
  'auto-response': { rid: string; error?: string };
};

export type PortEvent = {
  [K in keyof PortEvents]: { type: K; payload: PortEvents[K] };
}[keyof PortEvents];

export interface SessionPort {
  call<K extends CommandName>(
    name: K,
    args: SessionCommands[K]['args'],
  ): Promise<SessionCommands[K]['result']>;
  /** Events in arrival order, delivered in batches. Returns the unsubscribe function. */
  subscribe(listener: (batch: PortEvent[]) => void): () => void;
  dispose(): void;
}

/** What the worker and the main thread post to each other. */
export type PortRequest = { id: number; name: CommandName; args: unknown };
export type PortMessage =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string }
  | { kind: 'events'; batch: PortEvent[] };

// Types shared by the device session and whoever listens to it (the store seam, tests).
import type { DeviceConnectionInfo } from '../iothub/connection-string.ts';
import type { MessageProperties } from '../iothub/property-bag.ts';

export type SessionErrorKind =
  | 'not-authorized'
  | 'unreachable'
  | 'insecure-context'
  | 'token-expired'
  | 'invalid-options'
  | 'kicked-repeatedly'
  | 'taken-over';

export type SessionError = { kind: SessionErrorKind; message: string };

export type ConnectionStatus =
  | { state: 'disconnected'; reason?: string }
  | { state: 'connecting' }
  | { state: 'connected'; since: number }
  | { state: 'reconnecting'; attempt: number; nextTryAt: number; reason: string }
  | { state: 'error'; error: SessionError };

export type WillMessage = { body: string; properties: MessageProperties };

export type ConnectOptions = {
  info: DeviceConnectionInfo;
  /** The WebSocket endpoint, e.g. wss://hub.azure-devices.net:443/$iothub/websocket. */
  url: string;
  /** Lifetime of each SAS token the session signs (key-based strings only). */
  sasLifetimeSec?: number;
  /** IoT Plug and Play model id, sent as `model-id` in the username (spec §1.3). */
  modelId?: string;
  keepAliveSec?: number;
  will?: WillMessage;
  /** Outgoing telemetry kept while disconnected. */
  queueLimit?: number;
};

export type SasInfo = { expiresAt: number; renewAt?: number; renewable: boolean };

/**
 * A telemetry body: text (sent as UTF-8) or bytes as composed (CBOR, MessagePack, Protobuf, hex,
 * base64; issue 8). IoT Hub carries any bytes (spec §3.1).
 */
export type TelemetryBody = string | Uint8Array;

export type TelemetryState = 'queued' | 'sending' | 'acknowledged' | 'failed';

export type TelemetryUpdate = {
  id: string;
  state: TelemetryState;
  at: number;
  latencyMs?: number;
  error?: string;
  /** Set on the first update of a message only. */
  sent?: { topic: string; body: TelemetryBody; properties: MessageProperties; bytes: number };
};

export type TwinRequestKind = 'get' | 'patch-reported';

export type TwinRequestUpdate = {
  rid: string;
  kind: TwinRequestKind;
  sentAt: number;
  status?: number;
  latencyMs?: number;
  /** Response body as text (error bodies), or the failure reason when no response came. */
  body?: string;
  error?: string;
  version?: number;
};

export type TwinDocument = {
  desired: Record<string, unknown>;
  reported: Record<string, unknown>;
  /** Desired keys that differ from before the connection dropped (empty on the first GET). */
  changedWhileAway: string[];
};

export type DesiredUpdate = {
  version: number;
  patch: Record<string, unknown>;
  at: number;
  outcome: 'applied' | 'ignored' | 'held' | 'refetch';
  reason?: string;
};

export type ReportedUpdate = { patch: Record<string, unknown>; version?: number };

export type MethodRequest = { rid: string; name: string; payload: string; receivedAt: number };

export type MethodResponse = {
  rid: string;
  status: number;
  payload: string;
  at: number;
  latencyMs: number;
};

export type C2dMessage = {
  topic: string;
  properties: MessageProperties;
  /** The body's bytes as they came (a compact copy); decoding is the view's business. */
  body: Uint8Array;
  receivedAt: number;
};

/**
 * One thing that crossed the wire, in IoT Hub terms (protocol-recorder.ts, docs/timeline.md).
 * `out` is device to IoT Hub, `in` IoT Hub to device, `local` what the console inferred (a close
 * and its reason, packets folded at high rates). No secret: CONNECT shows the user name and the
 * token's expiry, never the password.
 */
export type ProtocolEntry = {
  at: number;
  dir: 'out' | 'in' | 'local';
  /** CONNECT, PUBLISH, …, CLOSE, or "PUBLISH ×n" for folded packets. */
  packet: string;
  role: 'request' | 'response' | 'event';
  /** Pairs a request with its response: `pid:<conn>:<packet id>` or `rid:<$rid>`. */
  pair?: string;
  topic?: string;
  /** What it means: "telemetry, QoS 1, 42 B", "Connection accepted, session present". */
  summary: string;
  /** CONNACK return code, twin or method status. */
  status?: number;
  /** A response: time since its request. */
  latencyMs?: number;
};

export type SessionEvents = {
  status: ConnectionStatus;
  sas: SasInfo | undefined;
  queue: { size: number; limit: number };
  telemetry: TelemetryUpdate;
  'twin-request': TwinRequestUpdate;
  twin: TwinDocument;
  desired: DesiredUpdate;
  reported: ReportedUpdate;
  method: MethodRequest;
  'method-response': MethodResponse;
  c2d: C2dMessage;
  /** Protocol-level records for the timeline, in wire order (a few per call). */
  protocol: ProtocolEntry[];
  /** Diagnostics worth showing (renewals, ignored topics). */
  log: { at: number; message: string };
};

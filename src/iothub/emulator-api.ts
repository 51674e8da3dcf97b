// JSON shapes of the emulator-only endpoints under /emulator/ (events, connections, devices,
// bootstrap), shared so the console, the e2e and conformance tests and the emulator's own
// serializers agree: a field renamed on one side fails `tsc` on the other. Real IoT Hub has no
// such endpoints; nothing here describes IoT Hub's own service API. Types only, no runtime code.

/** One device-to-cloud message in `GET /emulator/events` (and its `/stream`), oldest first. */
export type HubEvent = {
  sequenceNumber: number;
  deviceId: string;
  moduleId?: string | null;
  /** ISO 8601. */
  enqueuedTime: string;
  /** The body as UTF-8 text; null when it is not valid UTF-8 (then only `bodyBase64` has it). */
  body: string | null;
  bodyBase64: string;
  properties: Record<string, string>;
  systemProperties: Record<string, string>;
};

export type EventsResponse = { events: HubEvent[] };

/** Why a connection opened, was refused or closed, in the emulator's connection log. */
export type ConnectionReason =
  | 'connected'
  | 'bad-token'
  | 'unknown-identity'
  | 'identity-disabled'
  | 'malformed-username'
  | 'client-id-mismatch'
  | 'kicked-by-new-connection'
  | 'token-expired'
  | 'protocol-violation'
  | 'client-disconnected'
  | 'client-went-away'
  | 'keepalive-timeout'
  | 'slow-consumer'
  | 'identity-deleted'
  | 'fault-injected'
  | 'hub-shutdown';

/** One row of `GET /emulator/connections` (and its `/stream`): a connect, refusal or disconnect. */
export type ConnectionEvent = {
  sequenceNumber: number;
  /** ISO 8601. */
  time: string;
  deviceId: string | null;
  moduleId: string | null;
  clientId: string | null;
  event: 'connect' | 'refused' | 'disconnect';
  reason: ConnectionReason;
  detail: string | null;
  remoteAddress: string | null;
  transport: string | null;
};

export type ConnectionsResponse = { connections: ConnectionEvent[] };

/** One row of `GET /emulator/devices`: an identity and its live connection. */
export type EmulatorIdentity = {
  deviceId: string;
  moduleId: string | null;
  status: 'enabled' | 'disabled';
  connectionState: 'Connected' | 'Disconnected';
  /** ISO 8601; null when disconnected. */
  connectedSince: string | null;
  transport: string | null;
  remoteAddress: string | null;
  /** Topic filters of the live MQTT session; empty when disconnected. */
  subscriptions: string[];
  /** Pending C2D messages; always 0 for modules. */
  cloudToDeviceMessageCount: number;
};

export type DevicesResponse = { devices: EmulatorIdentity[] };

/** `GET /emulator/bootstrap`: answered to loopback clients and pages only. */
export type EmulatorBootstrap = {
  hostName: string;
  /** The iothubowner policy's service connection string. */
  serviceConnectionString: string;
  /** Every shared access policy's connection string, by policy name. */
  policyConnectionStrings: Record<string, string>;
  /** `device-1`'s connection string, null when that device does not exist. */
  deviceConnectionString: string | null;
  /** Listening ports by name (http, mqtt, ...); a listener that is off is absent. */
  ports: Record<string, number | undefined>;
  /** Where telemetry is read from: the built-in Event Hubs-compatible endpoint's connection
   *  string for @azure/event-hubs, null when no AMQP listener runs. */
  eventHubConnectionString: string | null;
  /** The ID scope of the emulator's Device Provisioning Service (docs/emulator.md). */
  idScope?: string;
};

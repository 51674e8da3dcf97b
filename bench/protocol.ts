// What bench/run.ts asks of the load process (bench/load-process.ts) and what it answers, over
// the fork() IPC channel. Plain JSON so it crosses the process boundary as is.

/** One MQTT identity the load process connects as. */
export type DeviceCredentials = {
  deviceId: string;
  clientId: string;
  username: string;
  password: string;
};

export type IngestJob = {
  kind: 'ingest';
  /** mqtt://127.0.0.1:port or ws://127.0.0.1:port/$iothub/websocket */
  url: string;
  devices: DeviceCredentials[];
  messagesPerDevice: number;
  /** Unacknowledged QoS 1 publishes each device keeps in flight. */
  window: number;
  payloadBytes: number;
  /** Stop issuing publishes after this many ms (the in-flight ones are still awaited). */
  capMs: number;
};

export type TwinJob = {
  kind: 'twin';
  url: string;
  device: DeviceCredentials;
  /** Round trips of each kind, alternated: reported PATCH → 204, QoS 1 publish → PUBACK. */
  roundTrips: number;
  payloadBytes: number;
  capMs: number;
};

export type Job = IngestJob | TwinJob;

export type LatencySummary = { count: number; p50Ms: number; p99Ms: number };

export type IngestResult = {
  kind: 'ingest';
  acked: number;
  /** First PUBLISH to last PUBACK. */
  elapsedMs: number;
  messagesPerSecond: number;
  latency: LatencySummary;
  cappedByTime: boolean;
};

export type TwinResult = {
  kind: 'twin';
  twinPatch: LatencySummary;
  publish: LatencySummary;
  cappedByTime: boolean;
};

export type JobResult = IngestResult | TwinResult;

export type Reply = { ok: true; result: JobResult } | { ok: false; error: string };

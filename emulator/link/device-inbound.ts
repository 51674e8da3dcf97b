// What a transport hands the hub: the device's telemetry, twin requests, method responses and C2D
// settlements go to these features, the same ones for MQTT, AMQP and HTTPS (issue 10).

import type { C2dFeature } from '../features/c2d.ts';
import type { MethodsFeature } from '../features/methods.ts';
import type { TelemetryLog } from '../features/telemetry.ts';
import type { TwinFeature } from '../features/twin.ts';

export type DeviceInbound = {
  /** `record(event, stored)`: build events with `telemetryEvent` (features/telemetry.ts). */
  telemetry: TelemetryLog;
  /** `get(session, rid)`, `patch(session, rid, payload)`. */
  twin: TwinFeature;
  /** `respond(session, rid, status, payload)`. */
  methods: MethodsFeature;
  /** `settled(session, tag, outcome)` for deliveries the link made with `deliverC2d`. */
  c2d: C2dFeature;
};

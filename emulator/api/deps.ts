// What the REST handlers need from the hub.

import type { HubContext } from '../context.ts';
import type { Dps } from '../dps/service.ts';
import type { C2dFeature } from '../features/c2d.ts';
import type { Faults } from '../features/faults.ts';
import type { JobsFeature } from '../features/jobs.ts';
import type { MethodsFeature } from '../features/methods.ts';
import type { TelemetryLog } from '../features/telemetry.ts';
import type { FileUpload } from '../files/upload.ts';
import type { Sessions } from '../sessions.ts';
import type { Identity } from '../store/registry-store.ts';

import type { Live } from './shapes.ts';

export type ApiDeps = {
  ctx: HubContext;
  sessions: Sessions;
  methods: MethodsFeature;
  c2d: C2dFeature;
  jobs: JobsFeature;
  /** Undefined when file upload is off. */
  files: FileUpload | undefined;
  /** Device HTTPS telemetry goes into the same log as MQTT's. */
  telemetry: TelemetryLog;
  /** Fault injection under /emulator/faults. */
  faults: Faults;
  ownerConnectionString: () => string;
  /** Connection strings of every shared access policy, by name. */
  policyConnectionStrings: () => Record<string, string>;
  connectionString: (deviceId: string, moduleId?: string) => string;
  ports: () => Record<string, number | undefined>;
  /** The built-in endpoint's Event Hubs connection string, undefined without AMQP. */
  eventHubConnectionString: () => string | undefined;
  /** The emulator's Device Provisioning Service (dps/). */
  dps: Dps;
};

export function liveOf(deps: ApiDeps, identity: Identity): Live {
  const { deviceId, moduleId } = identity.record;
  return {
    connected: deps.sessions.get(deviceId, moduleId) !== undefined,
    c2dCount: moduleId === undefined ? deps.ctx.store.c2d.count(deviceId, Date.now()) : 0,
  };
}

// Fault injection (issue 12): what the Azure IoT SDKs' end-to-end tests ask of IoT Hub with the
// telemetry properties AzIoTHub_FaultOperationType / …CloseReason / …DelayInSecs /
// …DurationInSecs (azure-iot-sdk-node e2etests/test/d2c_disconnect.js and throttle_disconnect.js;
// azure-iot-sdk-csharp e2e/test/helpers/templates/FaultInjection.cs), plus the emulator's own
// faults, set through REST (api/fault-routes.ts). Timeline: the fault message is stored and
// acknowledged first, then after DelayInSecs the fault starts; a disconnect fault drops the
// identity's connection once, the Invoke* faults and the emulator's modes last DurationInSecs.
// docs/reliability.md lists every type and how it shows on each transport.

import type { HubContext } from '../context.ts';
import { identityKey } from '../context.ts';
import { RegistryError } from '../registry.ts';
import type { Sessions } from '../sessions.ts';
import type { NewEvent } from '../store/events-store.ts';
import type { Clock } from '../time.ts';

import type { TelemetryLog } from './telemetry.ts';

/** Faults a DeviceLink applies to its own connection (link/device-link.ts injectFault). */
export const CONNECTION_FAULTS = [
  'KillTcp',
  'ShutDownMqtt',
  'ShutDownAmqp',
  'KillAmqpConnection',
  'KillAmqpSession',
  'KillAmqpCBSLinkReq',
  'KillAmqpCBSLinkResp',
  'KillAmqpD2CLink',
  'KillAmqpC2DLink',
  'KillAmqpTwinLinkReq',
  'KillAmqpTwinLinkResp',
  'KillAmqpMethodReqLink',
  'KillAmqpMethodRespLink',
] as const;
export type ConnectionFault = (typeof CONNECTION_FAULTS)[number];

/** Faults during which the identity's sends fail (the hub error each one stands for). */
export const INVOKE_FAULTS = {
  InvokeThrottling: {
    hubError: 'ThrottlingException',
    amqp: 'com.microsoft:device-container-throttled',
  },
  InvokeMaxMessageQuota: { hubError: 'IotHubQuotaExceeded', amqp: 'amqp:resource-limit-exceeded' },
  InvokeAuthError: { hubError: 'IotHubUnauthorizedAccess', amqp: 'amqp:unauthorized-access' },
} as const;
export type InvokeFault = keyof typeof INVOKE_FAULTS;

/** The emulator's own faults (REST only). */
export const EMULATOR_FAULTS = [
  'DropConnection',
  'ExpireToken',
  'IgnorePings',
  'DelayPuback',
  'RefuseConnections',
] as const;
export type EmulatorFault = (typeof EMULATOR_FAULTS)[number];

export type FaultType = ConnectionFault | InvokeFault | EmulatorFault;

export type FaultRequest = {
  type: FaultType;
  deviceId: string;
  moduleId?: string;
  closeReason?: string;
  delaySeconds?: number;
  durationSeconds?: number;
  /** DelayPuback: milliseconds each acknowledgement waits. */
  delayMs?: number;
};

/** A send refused by an Invoke* fault: an IoT Hub error for HTTPS, its AMQP condition for AMQP;
 *  MQTT closes the connection (MQTT has no error reply to a PUBLISH). */
export class FaultError extends RegistryError {
  readonly amqpCondition: string;
  constructor(fault: InvokeFault) {
    super(INVOKE_FAULTS[fault].hubError, `Fault injected: ${fault} (AzIoTHub_FaultOperationType)`);
    this.amqpCondition = INVOKE_FAULTS[fault].amqp;
  }
}

/** ms between a fault message's acknowledgement and its fault at the earliest. */
export const ACK_GRACE_MS = 100;

const PROPERTY = {
  type: 'AzIoTHub_FaultOperationType',
  reason: 'AzIoTHub_FaultOperationCloseReason',
  delay: 'AzIoTHub_FaultOperationDelayInSecs',
  duration: 'AzIoTHub_FaultOperationDurationInSecs',
};

const isType = (t: string): t is FaultType =>
  (CONNECTION_FAULTS as readonly string[]).includes(t) ||
  t in INVOKE_FAULTS ||
  (EMULATOR_FAULTS as readonly string[]).includes(t);

const seconds = (v: string | undefined, fallback: number): number => {
  const n = Number(v);
  return v !== undefined && v.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
};

/** The fault a telemetry message asks for, or undefined when it asks for none (or an unknown
 *  type, which is then ordinary telemetry, as on a hub without fault injection). The C# tests'
 *  defaults: delay 1 s, duration 5 s (FaultInjection.cs). */
export function faultOf(event: Pick<NewEvent, 'deviceId' | 'moduleId' | 'properties'>) {
  const p = event.properties;
  const type = p[PROPERTY.type];
  if (type === undefined || !isType(type)) return undefined;
  const request: FaultRequest = {
    type,
    deviceId: event.deviceId,
    ...(event.moduleId !== null ? { moduleId: event.moduleId } : {}),
    delaySeconds: seconds(p[PROPERTY.delay], 1),
    durationSeconds: seconds(p[PROPERTY.duration], 5),
    ...(p[PROPERTY.reason] !== undefined ? { closeReason: p[PROPERTY.reason] } : {}),
  };
  return request;
}

type Modes = {
  invoke?: { fault: InvokeFault; until: number };
  ignorePingsUntil?: number;
  pubackDelay?: { ms: number; until: number };
  refuseUntil?: number;
};

/** What one identity is under now, for the REST view. */
export type ActiveFaults = {
  deviceId: string;
  moduleId: string | null;
  invoke: { type: InvokeFault; until: string } | null;
  ignorePingsUntil: string | null;
  pubackDelay: { ms: number; until: string } | null;
  refuseConnectionsUntil: string | null;
};

export function createFaults(ctx: HubContext, sessions: Sessions, clock: Clock) {
  const modes = new Map<string, Modes>();
  const pending = new Set<() => void>();
  const modesOf = (key: string) => {
    let m = modes.get(key);
    if (!m) modes.set(key, (m = {}));
    return m;
  };
  const live = <T extends { until: number }>(v: T | undefined) =>
    v && v.until > clock.now() ? v : undefined;

  function start(r: FaultRequest): void {
    const key = identityKey(r.deviceId, r.moduleId);
    const until = clock.now() + (r.durationSeconds ?? 5) * 1000;
    const session = sessions.get(r.deviceId, r.moduleId);
    const detail = `Fault injected: ${r.type}${r.closeReason ? ` (${r.closeReason})` : ''}`;
    ctx.log(`fault ${r.type} on ${key}`);
    if (r.type in INVOKE_FAULTS) modesOf(key).invoke = { fault: r.type as InvokeFault, until };
    else if (r.type === 'IgnorePings') modesOf(key).ignorePingsUntil = until;
    else if (r.type === 'RefuseConnections') modesOf(key).refuseUntil = until;
    else if (r.type === 'DelayPuback') modesOf(key).pubackDelay = { ms: r.delayMs ?? 0, until };
    else if (!session) return;
    else if (r.type === 'DropConnection') sessions.close(session, 'fault-injected', detail);
    else if (r.type === 'ExpireToken')
      sessions.close(session, 'token-expired', 'SAS token expired (expired now by the emulator)');
    else {
      sessions.setReason(session, 'fault-injected', detail);
      session.link.injectFault(r.type as ConnectionFault);
    }
  }

  const api = {
    /** Schedules a fault after its delay. Returns false when it cannot apply (a connection
     *  fault for an identity that is not connected, or not over a transport that has it). */
    inject(r: FaultRequest): boolean {
      if ((CONNECTION_FAULTS as readonly string[]).includes(r.type)) {
        const s = sessions.get(r.deviceId, r.moduleId);
        if (!s || !s.link.canInjectFault(r.type as ConnectionFault)) return false;
      }
      const delayMs = (r.delaySeconds ?? 0) * 1000;
      if (delayMs <= 0) {
        start(r);
        return true;
      }
      const cancel = clock.setTimer(delayMs, () => {
        pending.delete(cancel);
        start(r);
      });
      pending.add(cancel);
      return true;
    },
    /** The Invoke* fault refusing this identity's sends now, if any. */
    refusal(deviceId: string, moduleId?: string | null): FaultError | undefined {
      const invoke = live(modes.get(identityKey(deviceId, moduleId))?.invoke);
      return invoke ? new FaultError(invoke.fault) : undefined;
    },
    /** Whether a CONNECT of this identity is refused now (RefuseConnections). */
    refusesConnect(deviceId: string, moduleId?: string): boolean {
      const until = modes.get(identityKey(deviceId, moduleId))?.refuseUntil ?? 0;
      return until > clock.now();
    },
    ignoresPings(deviceId: string, moduleId?: string): boolean {
      const until = modes.get(identityKey(deviceId, moduleId))?.ignorePingsUntil ?? 0;
      return until > clock.now();
    },
    /** ms this identity's acknowledgements wait now (DelayPuback), 0 for none. */
    ackDelay(deviceId: string, moduleId?: string | null): number {
      return live(modes.get(identityKey(deviceId, moduleId))?.pubackDelay)?.ms ?? 0;
    },
    /** Ends every fault mode of an identity (or all). */
    clear(deviceId?: string, moduleId?: string): void {
      if (deviceId === undefined) modes.clear();
      else modes.delete(identityKey(deviceId, moduleId));
    },
    active(): ActiveFaults[] {
      const now = clock.now();
      const iso = (ms: number | undefined) =>
        ms !== undefined && ms > now ? new Date(ms).toISOString() : null;
      const out: ActiveFaults[] = [];
      for (const [key, m] of modes) {
        const [deviceId = '', moduleId] = key.split('/');
        const invoke = live(m.invoke);
        const delay = live(m.pubackDelay);
        const entry: ActiveFaults = {
          deviceId,
          moduleId: moduleId ?? null,
          invoke: invoke
            ? { type: invoke.fault, until: new Date(invoke.until).toISOString() }
            : null,
          ignorePingsUntil: iso(m.ignorePingsUntil),
          pubackDelay: delay ? { ms: delay.ms, until: new Date(delay.until).toISOString() } : null,
          refuseConnectionsUntil: iso(m.refuseUntil),
        };
        if (
          entry.invoke ||
          entry.ignorePingsUntil ||
          entry.pubackDelay ||
          entry.refuseConnectionsUntil
        )
          out.push(entry);
      }
      return out;
    },
    /**
     * The telemetry log as devices see it under faults: a send during an Invoke* fault fails with
     * its error; otherwise the event is stored, its acknowledgement waits any DelayPuback, and a
     * fault message starts its fault once acknowledged (the C# tests note the real hub cut MQTT
     * before the PUBACK, so the SDK resent the message in a loop; acknowledging first avoids it).
     */
    wrapTelemetry(log: TelemetryLog): TelemetryLog {
      return {
        ...log,
        record(event, stored) {
          const refused = api.refusal(event.deviceId, event.moduleId);
          if (refused) {
            stored(refused);
            return;
          }
          const fault = faultOf(event);
          log.record(event, (error) => {
            const delay = api.ackDelay(event.deviceId, event.moduleId);
            const done = () => {
              stored(error);
              if (error || !fault) return;
              // The acknowledgement is written asynchronously (aedes, rhea): a fault starts no
              // sooner than ACK_GRACE_MS after it, so the device sees its message acknowledged.
              // Invoke* faults close nothing: they start at once.
              const grace = fault.type in INVOKE_FAULTS ? 0 : ACK_GRACE_MS / 1000;
              const after = { ...fault, delaySeconds: Math.max(fault.delaySeconds ?? 0, grace) };
              if (!api.inject(after))
                ctx.log(
                  `fault ${fault.type} asked by ${identityKey(event.deviceId, event.moduleId)} does not apply (not connected, or not over this transport)`,
                );
            };
            if (delay > 0) clock.setTimer(delay, done);
            else done();
          });
        },
      };
    },
    close(): void {
      for (const cancel of pending) cancel();
      pending.clear();
    },
  };
  return api;
}

export type Faults = ReturnType<typeof createFaults>;

// Fault injection over REST (issue 12; docs/reliability.md "Fault injection"): the faults the
// SDKs' tests ask for with telemetry properties, and the emulator's own, on any identity:
//   POST   /emulator/faults  {"type", "deviceId", "moduleId"?, "delaySeconds"?, "durationSeconds"?,
//                            "closeReason"?, "delayMs"?}  → 202 with the fault as scheduled
//   GET    /emulator/faults  → {"faults": [...]} the modes in force
//   DELETE /emulator/faults[?deviceId=&moduleId=]  → 204, modes ended

import {
  CONNECTION_FAULTS,
  EMULATOR_FAULTS,
  INVOKE_FAULTS,
  type FaultRequest,
  type FaultType,
} from '../features/faults.ts';
import { RegistryError } from '../registry.ts';

import type { ApiDeps } from './deps.ts';
import { errorReply, parseJson, readBody } from './http.ts';
import type { Route } from './router.ts';

const TYPES: readonly string[] = [
  ...CONNECTION_FAULTS,
  ...Object.keys(INVOKE_FAULTS),
  ...EMULATOR_FAULTS,
];

/** A day: longer modes are surely a typo (and timers stay in range). */
const MAX_SECONDS = 86_400;

function optionalNumber(body: Record<string, unknown>, name: string, max: number) {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max)
    throw new RegistryError('ArgumentInvalid', `"${name}" must be a number from 0 to ${max}.`);
  return v;
}

function parseRequest(value: unknown): FaultRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RegistryError('ArgumentInvalid', 'The body must be a JSON object.');
  const body = value as Record<string, unknown>;
  const { type, deviceId, moduleId, closeReason } = body;
  if (typeof type !== 'string' || !TYPES.includes(type))
    throw new RegistryError('ArgumentInvalid', `"type" must be one of ${TYPES.join(', ')}.`);
  if (typeof deviceId !== 'string' || deviceId === '')
    throw new RegistryError('ArgumentInvalid', '"deviceId" must be a device ID.');
  if (moduleId !== undefined && typeof moduleId !== 'string')
    throw new RegistryError('ArgumentInvalid', '"moduleId" must be a string.');
  if (closeReason !== undefined && typeof closeReason !== 'string')
    throw new RegistryError('ArgumentInvalid', '"closeReason" must be a string.');
  const delaySeconds = optionalNumber(body, 'delaySeconds', MAX_SECONDS);
  const durationSeconds = optionalNumber(body, 'durationSeconds', MAX_SECONDS);
  const delayMs = optionalNumber(body, 'delayMs', 600_000);
  if (type === 'DelayPuback' && delayMs === undefined)
    throw new RegistryError('ArgumentInvalid', 'DelayPuback needs "delayMs".');
  return {
    type: type as FaultType,
    deviceId,
    ...(moduleId ? { moduleId } : {}),
    ...(closeReason !== undefined ? { closeReason: closeReason.slice(0, 200) } : {}),
    delaySeconds: delaySeconds ?? 0,
    durationSeconds: durationSeconds ?? 5,
    ...(delayMs !== undefined ? { delayMs } : {}),
  };
}

export function faultRoutes(deps: ApiDeps): Route[] {
  const { ctx, faults } = deps;
  return [
    {
      method: 'POST',
      path: '/emulator/faults',
      right: 'ServiceConnect',
      handle: async (r) => {
        const request = parseRequest(parseJson(await readBody(r.req, 16 * 1024)));
        if (!ctx.store.registry.get(request.deviceId, request.moduleId))
          return errorReply(
            request.moduleId ? 'ModuleNotFound' : 'DeviceNotFound',
            `No identity '${request.deviceId}${request.moduleId ? `/${request.moduleId}` : ''}' is registered.`,
          );
        if (!faults.inject(request))
          return errorReply(
            'DeviceNotOnline',
            `${request.type} needs the identity connected over a transport that has it (KillTcp: any; ShutDownMqtt: MQTT; the AMQP ones: AMQP).`,
          );
        return { status: 202, body: { scheduled: request } };
      },
    },
    {
      method: 'GET',
      path: '/emulator/faults',
      right: 'ServiceConnect',
      handle: () => ({ status: 200, body: { faults: faults.active() } }),
    },
    {
      method: 'DELETE',
      path: '/emulator/faults',
      right: 'ServiceConnect',
      handle: (r) => {
        const deviceId = r.query.get('deviceId') ?? undefined;
        faults.clear(deviceId, r.query.get('moduleId') ?? undefined);
        return { status: 204 };
      },
    },
  ];
}

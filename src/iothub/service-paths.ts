// Where IoT Hub's service API acts on one identity (spec §5, §8.2, §8.4): a device, or a module
// of a device. Modules have their own twin and methods; there is no C2D queue for a module (its
// messages arrive on inputs through IoT Edge routes, spec §3.2).

export type ServiceTarget = { deviceId: string; moduleId?: string };

const enc = encodeURIComponent;

/** `device` or `device/module`, as the hub names the identity. */
export function targetLabel(t: ServiceTarget): string {
  return t.moduleId === undefined ? t.deviceId : `${t.deviceId}/${t.moduleId}`;
}

/** `/twins/{id}` or `/twins/{id}/modules/{mid}` (GET, PATCH, PUT; spec §8.2). */
export function twinPath(t: ServiceTarget): string {
  const module = t.moduleId === undefined ? '' : `/modules/${enc(t.moduleId)}`;
  return `/twins/${enc(t.deviceId)}${module}`;
}

/** `POST /twins/{id}/methods` or `/twins/{id}/modules/{mid}/methods` (spec §5). */
export function methodsPath(t: ServiceTarget): string {
  return `${twinPath(t)}/methods`;
}

/** `POST /devices/{id}/messages/deviceBound` (spec §8.4); undefined for a module: none exists. */
export function c2dPath(t: ServiceTarget): string | undefined {
  return t.moduleId === undefined ? `/devices/${enc(t.deviceId)}/messages/deviceBound` : undefined;
}

/**
 * Whether a device-to-cloud message came from exactly this identity: a device's own telemetry
 * carries no module id, a module's carries its own.
 */
export function sentBy(
  t: ServiceTarget,
  e: { deviceId: string | null; moduleId?: string | null },
): boolean {
  return e.deviceId === t.deviceId && (e.moduleId ?? undefined) === t.moduleId;
}

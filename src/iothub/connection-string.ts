// Device, module and service connection strings (spec §2): parse with precise errors, build.

import {
  checkBase64Key,
  checkHost,
  checkId,
  missing,
  splitConnectionString,
  type ConnectionStringError,
  type Fields,
} from './connection-string-fields.ts';
import { err, ok, type Result } from './result.ts';
import { parseSasToken } from './sas-token.ts';

export type { ConnectionStringError } from './connection-string-fields.ts';

export type DeviceConnectionInfo = {
  hostName: string;
  deviceId: string;
  moduleId?: string;
  gatewayHostName?: string;
  auth:
    | { kind: 'key'; sharedAccessKey: string; sharedAccessKeyName?: string }
    | { kind: 'sas'; sharedAccessSignature: string; expiresAt: number };
};

export type ServiceConnectionInfo = {
  hostName: string;
  sharedAccessKeyName: string;
  sharedAccessKey: string;
};

const X509_REFUSAL =
  'x509=true: this identity authenticates with an X.509 client certificate, which a browser ' +
  'cannot present over a WebSocket connection. Use a device with symmetric-key (SAS) authentication; ' +
  'to run this X.509 device against the local emulator, use an Azure IoT device SDK as ' +
  'docs/emulator.md ("X.509 devices") describes.';

const SERVICE_REFUSAL =
  'This is a service (hub-level) connection string: SharedAccessKeyName without DeviceId is for ' +
  'the hub, not a device. Use the device’s own connection string from the portal ' +
  '(IoT Hub > Devices > your device > Primary connection string) or from the registry.';

type Parsed<T> = Result<T, ConnectionStringError>;

/** Checks a SharedAccessSignature= value against HostName/DeviceId/ModuleId (spec §2: Node
 *  derives the identity from the token's sr, so a mismatch would connect as someone else). */
function checkTokenIdentity(f: Fields, token: string): Parsed<number> {
  const parsed = parseSasToken(token);
  if (!parsed.ok) {
    return err({
      field: 'SharedAccessSignature',
      message: `SharedAccessSignature: ${parsed.error}`,
    });
  }
  const { resourceUri, se } = parsed.value;
  const [host, devices, deviceId, modules, moduleId, ...rest] = resourceUri.split('/');
  const shape =
    devices === 'devices' &&
    deviceId &&
    (modules === undefined || (modules === 'modules' && moduleId));
  if (!shape || rest.length > 0) {
    return err({
      field: 'SharedAccessSignature',
      message: `The token's sr '${resourceUri}' does not name a device: expected {host}/devices/{deviceId}[/modules/{moduleId}]`,
    });
  }
  const mismatch = (field: string, fromToken: string | undefined, given: string | undefined) =>
    err({
      field,
      message: `The token is for ${field} '${fromToken ?? '(none)'}' (sr=${resourceUri}) but the connection string says '${given ?? '(none)'}'`,
    });
  if (host?.toLowerCase() !== f.HostName?.toLowerCase())
    return mismatch('HostName', host, f.HostName);
  if (deviceId !== f.DeviceId) return mismatch('DeviceId', deviceId, f.DeviceId);
  if (moduleId !== f.ModuleId) return mismatch('ModuleId', moduleId, f.ModuleId);
  return ok(se);
}

function deviceAuth(f: Fields): Parsed<DeviceConnectionInfo['auth']> {
  if (f.SharedAccessKey !== undefined && f.SharedAccessSignature !== undefined) {
    return err({
      field: 'SharedAccessSignature',
      message: 'Give either SharedAccessKey or SharedAccessSignature, not both',
    });
  }
  if (f.SharedAccessSignature !== undefined) {
    if (f.SharedAccessKeyName !== undefined) {
      return err({
        field: 'SharedAccessKeyName',
        message: 'SharedAccessKeyName goes with SharedAccessKey, not with SharedAccessSignature',
      });
    }
    const se = checkTokenIdentity(f, f.SharedAccessSignature);
    if (!se.ok) return se;
    return ok({ kind: 'sas', sharedAccessSignature: f.SharedAccessSignature, expiresAt: se.value });
  }
  if (f.SharedAccessKey === undefined) {
    return missing(
      'SharedAccessKey',
      'a device connection string needs SharedAccessKey (or SharedAccessSignature)',
    );
  }
  const key = checkBase64Key('SharedAccessKey', f.SharedAccessKey);
  if (!key.ok) return key;
  return ok(
    f.SharedAccessKeyName === undefined
      ? { kind: 'key', sharedAccessKey: key.value }
      : { kind: 'key', sharedAccessKey: key.value, sharedAccessKeyName: f.SharedAccessKeyName },
  );
}

/** Parses a device or module connection string for use by a browser device (spec §2). */
export function parseConnectionString(input: string): Parsed<DeviceConnectionInfo> {
  const split = splitConnectionString(input);
  if (!split.ok) return split;
  const f = split.value;
  if (f.x509 !== undefined) return err({ field: 'x509', message: X509_REFUSAL });
  if (f.SharedAccessKeyName !== undefined && f.DeviceId === undefined) {
    return err({ field: 'SharedAccessKeyName', message: SERVICE_REFUSAL });
  }
  if (f.HostName === undefined)
    return missing('HostName', 'it names the IoT hub, e.g. myhub.azure-devices.net');
  if (f.DeviceId === undefined)
    return missing('DeviceId', 'a device connection string names its device');
  const host = checkHost('HostName', f.HostName, false);
  if (!host.ok) return host;
  const device = checkId('DeviceId', f.DeviceId);
  if (!device.ok) return device;
  if (f.ModuleId !== undefined) {
    const moduleId = checkId('ModuleId', f.ModuleId);
    if (!moduleId.ok) return moduleId;
  }
  if (f.GatewayHostName !== undefined) {
    const gateway = checkHost('GatewayHostName', f.GatewayHostName, true);
    if (!gateway.ok) return gateway;
  }
  const auth = deviceAuth(f);
  if (!auth.ok) return auth;
  const info: DeviceConnectionInfo = {
    hostName: f.HostName,
    deviceId: f.DeviceId,
    auth: auth.value,
  };
  if (f.ModuleId !== undefined) info.moduleId = f.ModuleId;
  if (f.GatewayHostName !== undefined) info.gatewayHostName = f.GatewayHostName;
  return ok(info);
}

/** Parses a hub-level (service) connection string, e.g. for iothubowner (spec §2, §8.1). */
export function parseServiceConnectionString(input: string): Parsed<ServiceConnectionInfo> {
  const split = splitConnectionString(input);
  if (!split.ok) return split;
  const f = split.value;
  const deviceKey = (
    ['DeviceId', 'ModuleId', 'SharedAccessSignature', 'GatewayHostName', 'x509'] as const
  ).find((k) => f[k] !== undefined);
  if (deviceKey) {
    return err({
      field: deviceKey,
      message: `${deviceKey} belongs in a device connection string; a service connection string has HostName, SharedAccessKeyName and SharedAccessKey`,
    });
  }
  if (f.HostName === undefined) return missing('HostName', 'it names the IoT hub');
  if (f.SharedAccessKeyName === undefined) {
    return missing('SharedAccessKeyName', 'it names the shared access policy, e.g. iothubowner');
  }
  if (f.SharedAccessKey === undefined) return missing('SharedAccessKey', "it is the policy's key");
  const host = checkHost('HostName', f.HostName, false);
  if (!host.ok) return host;
  const key = checkBase64Key('SharedAccessKey', f.SharedAccessKey);
  if (!key.ok) return key;
  return ok({
    hostName: f.HostName,
    sharedAccessKeyName: f.SharedAccessKeyName,
    sharedAccessKey: f.SharedAccessKey,
  });
}

/** `HostName=..;DeviceId=..[;ModuleId=..];SharedAccessKey=..[;GatewayHostName=..]` (spec §2). */
export function buildDeviceConnectionString(i: {
  hostName: string;
  deviceId: string;
  moduleId?: string;
  sharedAccessKey: string;
  gatewayHostName?: string;
}): string {
  const parts = [`HostName=${i.hostName}`, `DeviceId=${i.deviceId}`];
  if (i.moduleId) parts.push(`ModuleId=${i.moduleId}`);
  parts.push(`SharedAccessKey=${i.sharedAccessKey}`);
  if (i.gatewayHostName) parts.push(`GatewayHostName=${i.gatewayHostName}`);
  return parts.join(';');
}

/** `HostName=..;SharedAccessKeyName=..;SharedAccessKey=..` (spec §2). */
export function buildServiceConnectionString(i: ServiceConnectionInfo): string {
  return `HostName=${i.hostName};SharedAccessKeyName=${i.sharedAccessKeyName};SharedAccessKey=${i.sharedAccessKey}`;
}

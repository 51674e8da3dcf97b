// What a device puts in MQTT CONNECT: ClientId, Username, and the WebSocket URL
// (spec §1.1, §1.2, §1.3, §11.1). The password is a SAS token: see sas-token.ts.

import { safeDecodeURIComponent } from './encoding.ts';
import { err, ok, type Result } from './result.ts';

/** The api-version the Node SDK sends (spec §1.3). */
export const API_VERSION = '2021-04-12';

/** `{deviceId}` or `{deviceId}/{moduleId}` (spec §1.2). */
export function buildClientId(deviceId: string, moduleId?: string): string {
  return moduleId ? `${deviceId}/${moduleId}` : deviceId;
}

/**
 * `{host}/{clientId}/?api-version=..[&model-id=..][&DeviceClientType=..]`, in Node's order;
 * model-id goes in raw (Node does not encode it), DeviceClientType is encodeURIComponent'd (§1.3).
 */
export function buildUsername(o: {
  hostName: string;
  deviceId: string;
  moduleId?: string;
  modelId?: string;
  clientType?: string;
  apiVersion?: string;
}): string {
  let username = `${o.hostName}/${buildClientId(o.deviceId, o.moduleId)}/?api-version=${o.apiVersion ?? API_VERSION}`;
  if (o.modelId) username += `&model-id=${o.modelId}`;
  if (o.clientType) username += `&DeviceClientType=${encodeURIComponent(o.clientType)}`;
  return username;
}

export type ParsedUsername = {
  hostName: string;
  deviceId: string;
  moduleId?: string;
  /** Query values URL-decoded; keys as sent (e.g. `api-version`, `model-id`, `DeviceClientType`). */
  query: Record<string, string>;
};

function splitUsername(username: string): { path: string; query: string } {
  // Prefer '/?' (every current SDK) so a '?' inside a device ID does not end the path.
  const slashQuery = username.indexOf('/?');
  if (slashQuery >= 0)
    return { path: username.slice(0, slashQuery), query: username.slice(slashQuery + 2) };
  const question = username.indexOf('?');
  if (question >= 0)
    return { path: username.slice(0, question), query: username.slice(question + 1) };
  // Legacy C clients sent `{host}/{deviceId}/api-version=...` without '?' (spec §1.3).
  const segments = username.split('/');
  const at = segments.findIndex((s) => s.includes('api-version='));
  if (at < 0) return { path: username.replace(/\/$/, ''), query: '' };
  return { path: segments.slice(0, at).join('/'), query: segments.slice(at).join('/') };
}

/** Parses a CONNECT username tolerantly: any api-version, missing '?', raw `:`/`;` in model-id,
 *  device and module forms (spec §1.3 [EMU]). */
export function parseUsername(username: string): Result<ParsedUsername> {
  const { path, query } = splitUsername(username);
  const segments = path.split('/');
  if (segments.length < 2 || segments.length > 3) {
    return err(
      `Username '${username}' should be {hostName}/{deviceId}/?api-version=... or {hostName}/{deviceId}/{moduleId}/?api-version=...`,
    );
  }
  const [hostName = '', deviceId = '', moduleId] = segments;
  if (hostName === '') return err(`Username '${username}' has an empty host name`);
  if (deviceId === '') return err(`Username '${username}' has an empty device ID`);
  if (moduleId === '') return err(`Username '${username}' has an empty module ID`);
  const entries: [string, string][] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    entries.push([safeDecodeURIComponent(key), safeDecodeURIComponent(value)]);
  }
  const parsed: ParsedUsername = { hostName, deviceId, query: Object.fromEntries(entries) };
  if (moduleId !== undefined) parsed.moduleId = moduleId;
  return ok(parsed);
}

/**
 * WebSocket endpoint for MQTT (spec §0.3, §1.1): `wss://{host}:443/$iothub/websocket`, like Node.
 * A host that already names a port (`localhost:8443`, e.g. a GatewayHostName pointing at the
 * emulator) keeps it. `secure: false` gives `ws://` (port 80 unless given), for a local emulator.
 */
export function websocketUrl(host: string, opts: { secure?: boolean } = {}): string {
  const secure = opts.secure ?? true;
  const withPort = /:\d+$/.test(host) ? host : `${host}:${secure ? 443 : 80}`;
  return `${secure ? 'wss' : 'ws'}://${withPort}/$iothub/websocket`;
}

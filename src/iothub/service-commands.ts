/**
 * The hub panel's actions as commands a user can run outside the console (issue 8, "Copy and
 * export"): the Azure CLI's IoT extension and curl against IoT Hub's REST service API. Pure.
 *
 * Never a key: curl reads the SAS token from `$IOTHUB_SAS_TOKEN` (a comment line says how to make
 * one), az signs with the user's own login.
 *
 * Sources (Microsoft Learn):
 * - az CLI: "az iot device c2d-message" (send: --data, --message-id, --correlation-id,
 *   --content-type, --content-encoding, --expiry-time-utc in ms since the epoch, --properties
 *   as `a=b;c=d`, --ack), "az iot hub" (invoke-device-method, invoke-module-method: --method-name,
 *   --method-payload, --timeout), "az iot hub device-twin" / "az iot hub module-twin" (update
 *   --desired), https://learn.microsoft.com/cli/azure/iot
 * - REST: "Service - Send Device Command" (POST /devices/{id}/messages/deviceBound), "Service -
 *   Invoke Device Method" / "Invoke Module Method" (POST /twins/{id}[/modules/{mid}]/methods),
 *   "Service - Update Twin" (PATCH /twins/{id}), https://learn.microsoft.com/rest/api/iothub/service
 *   and "Control access to IoT Hub with SAS tokens" for `az iot hub generate-sas-token`.
 */
import { c2dPath, methodsPath, twinPath, type ServiceTarget } from './service-paths.ts';

/** Where the commands point: the hub's host name and the base URL this console calls. */
export type CommandHub = {
  hostName: string;
  /** `https://{hostName}` for a real hub, the emulator's origin when it serves the console. */
  baseUrl: string;
  apiVersion: string;
};

export type C2dCommand = {
  /** Bytes when the body is not text (CBOR, MessagePack, Protobuf, hex, base64). */
  body: string | Uint8Array;
  messageId?: string;
  correlationId?: string;
  userId?: string;
  contentType?: string;
  contentEncoding?: string;
  /** ISO 8601 absolute expiry. */
  expiryTimeUtc?: string;
  ack?: 'none' | 'positive' | 'negative' | 'full';
  properties: Record<string, string>;
};

export type MethodCommand = {
  methodName: string;
  payload: unknown;
  responseTimeout: number;
  connectTimeout: number;
};

/** POSIX shell single quotes: everything literal, a quote closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The hub name az wants: the first label of `{name}.azure-devices.net`. */
export const hubNameOf = (hostName: string) => hostName.split('.')[0] ?? hostName;

const TOKEN = '$IOTHUB_SAS_TOKEN';

function tokenHint(hub: CommandHub): string {
  return (
    `# IOTHUB_SAS_TOKEN: a service SAS token, e.g. ` +
    `az iot hub generate-sas-token --hub-name ${shellQuote(hubNameOf(hub.hostName))} ` +
    `--policy-name service (never paste a key here)`
  );
}

function targetArgs(t: ServiceTarget): string[] {
  const args = ['--device-id', shellQuote(t.deviceId)];
  if (t.moduleId !== undefined) args.push('--module-id', shellQuote(t.moduleId));
  return args;
}

function curl(
  hub: CommandHub,
  method: string,
  path: string,
  headers: [string, string][],
  body?: string | Uint8Array,
): string {
  const url = `${hub.baseUrl}${path}?api-version=${encodeURIComponent(hub.apiVersion)}`;
  const lines = [`curl -X ${method} ${shellQuote(url)}`, `-H "Authorization: ${TOKEN}"`];
  for (const [name, value] of headers) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  // Bytes go through printf's \ooo escapes (POSIX printf, octal), so the shell carries them
  // exactly; curl reads them from standard input.
  const pipe = body instanceof Uint8Array ? `printf '${octalEscapes(body)}' | ` : '';
  if (body instanceof Uint8Array) lines.push('--data-binary @-');
  else if (body !== undefined) lines.push(`--data-binary ${shellQuote(body)}`);
  return `${tokenHint(hub)}\n${pipe}${lines.join(' \\\n  ')}`;
}

function octalEscapes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += `\\${b.toString(8).padStart(3, '0')}`;
  return out;
}

function az(parts: string[]): string {
  return parts.join(' ');
}

// ---- C2D ----

/** `az iot device c2d-message send`; undefined for a module (IoT Hub has no C2D for modules). */
export function c2dAzCommand(hub: CommandHub, t: ServiceTarget, m: C2dCommand): string | undefined {
  // az's --data is a string: a body that is bytes has no az form (the curl form carries it).
  if (t.moduleId !== undefined || m.body instanceof Uint8Array) return undefined;
  const parts = [
    'az iot device c2d-message send',
    '--hub-name',
    shellQuote(hubNameOf(hub.hostName)),
  ];
  parts.push(...targetArgs(t), '--data', shellQuote(m.body));
  if (m.messageId) parts.push('--message-id', shellQuote(m.messageId));
  if (m.correlationId) parts.push('--correlation-id', shellQuote(m.correlationId));
  if (m.contentType) parts.push('--content-type', shellQuote(m.contentType));
  if (m.contentEncoding) parts.push('--content-encoding', shellQuote(m.contentEncoding));
  if (m.expiryTimeUtc) {
    const ms = Date.parse(m.expiryTimeUtc);
    if (Number.isFinite(ms)) parts.push('--expiry-time-utc', String(ms));
  }
  if (m.ack && m.ack !== 'none') parts.push('--ack', m.ack);
  const props = Object.entries(m.properties);
  // az reads `a=b;c=d`: a key or value holding ';' or '=' cannot be said that way.
  if (props.length > 0)
    parts.push('--properties', shellQuote(props.map(([k, v]) => `${k}=${v}`).join(';')));
  return az(parts);
}

export function c2dCurlCommand(
  hub: CommandHub,
  t: ServiceTarget,
  m: C2dCommand,
): string | undefined {
  const path = c2dPath(t);
  if (path === undefined) return undefined;
  const headers: [string, string][] = [
    ['Content-Type', m.contentType ?? 'text/plain; charset=utf-8'],
  ];
  if (m.contentEncoding) headers.push(['iothub-contentencoding', m.contentEncoding]);
  if (m.messageId) headers.push(['iothub-messageid', m.messageId]);
  if (m.correlationId) headers.push(['iothub-correlationid', m.correlationId]);
  if (m.userId) headers.push(['iothub-userid', m.userId]);
  if (m.expiryTimeUtc) headers.push(['iothub-expiry', m.expiryTimeUtc]);
  if (m.ack && m.ack !== 'none') headers.push(['iothub-ack', m.ack]);
  for (const [k, v] of Object.entries(m.properties)) headers.push([`iothub-app-${k}`, v]);
  return curl(hub, 'POST', path, headers, m.body);
}

// ---- Direct methods ----

export function methodAzCommand(hub: CommandHub, t: ServiceTarget, m: MethodCommand): string {
  const verb = t.moduleId === undefined ? 'invoke-device-method' : 'invoke-module-method';
  return az([
    `az iot hub ${verb}`,
    '--hub-name',
    shellQuote(hubNameOf(hub.hostName)),
    ...targetArgs(t),
    '--method-name',
    shellQuote(m.methodName),
    '--method-payload',
    shellQuote(JSON.stringify(m.payload ?? null)),
    '--timeout',
    String(m.responseTimeout),
  ]);
}

export function methodCurlCommand(hub: CommandHub, t: ServiceTarget, m: MethodCommand): string {
  const body = JSON.stringify({
    methodName: m.methodName,
    payload: m.payload ?? null,
    responseTimeoutInSeconds: m.responseTimeout,
    connectTimeoutInSeconds: m.connectTimeout,
  });
  return curl(hub, 'POST', methodsPath(t), [['Content-Type', 'application/json']], body);
}

// ---- Desired properties ----

export function desiredAzCommand(
  hub: CommandHub,
  t: ServiceTarget,
  desired: Record<string, unknown>,
): string {
  const verb = t.moduleId === undefined ? 'device-twin' : 'module-twin';
  return az([
    `az iot hub ${verb} update`,
    '--hub-name',
    shellQuote(hubNameOf(hub.hostName)),
    ...targetArgs(t),
    '--desired',
    shellQuote(JSON.stringify(desired)),
  ]);
}

export function desiredCurlCommand(
  hub: CommandHub,
  t: ServiceTarget,
  desired: Record<string, unknown>,
): string {
  const body = JSON.stringify({ properties: { desired } });
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['If-Match', '*'],
  ];
  return curl(hub, 'PATCH', twinPath(t), headers, body);
}

// ---- Get twin ----

export function getTwinAzCommand(hub: CommandHub, t: ServiceTarget): string {
  const verb = t.moduleId === undefined ? 'device-twin' : 'module-twin';
  return az([
    `az iot hub ${verb} show`,
    '--hub-name',
    shellQuote(hubNameOf(hub.hostName)),
    ...targetArgs(t),
  ]);
}

export function getTwinCurlCommand(hub: CommandHub, t: ServiceTarget): string {
  return curl(hub, 'GET', twinPath(t), []);
}

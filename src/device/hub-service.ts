/**
 * The cloud side, through IoT Hub's REST service API (spec §8), signed as a service policy.
 * Only usable where the page may call the hub: the real hub has no CORS (spec §8.5), so the console
 * offers it when served by the emulator, which hands out its iothubowner string on loopback.
 */
import {
  buildDeviceConnectionString,
  parseServiceConnectionString,
  type ServiceConnectionInfo,
} from '../iothub/connection-string.ts';
import type {
  DevicesResponse,
  EmulatorBootstrap,
  EmulatorIdentity,
  EventsResponse,
  HubEvent,
} from '../iothub/emulator-api.ts';
import { utf8Bytes } from '../iothub/encoding.ts';
import { API_VERSION } from '../iothub/mqtt-connect.ts';
import { signSasToken } from '../iothub/sas-token.ts';
import { c2dPath, methodsPath, twinPath, type ServiceTarget } from '../iothub/service-paths.ts';

import { provisionWithSymmetricKey, type ProvisionRequest } from './dps-client.ts';

// The emulator-only endpoints' shapes, re-exported for the console's panes and store.
export type { EmulatorIdentity, HubEvent } from '../iothub/emulator-api.ts';
export type { ServiceTarget } from '../iothub/service-paths.ts';

export type RestResult = { status: number; body: unknown; latencyMs: number };

export type C2dRequest = {
  body: string | Uint8Array;
  messageId?: string;
  correlationId?: string;
  userId?: string;
  contentType?: string;
  contentEncoding?: string;
  /** `iothub-ack`; absent asks for no feedback, as IoT Hub's default none. */
  ack?: 'positive' | 'negative' | 'full';
  /** ISO 8601 absolute expiry. */
  expiryTimeUtc?: string;
  properties: Record<string, string>;
};

export class HubService {
  readonly baseUrl: string;
  readonly info: ServiceConnectionInfo;

  /** Where backends read telemetry with the Event Hubs SDK, when the emulator serves AMQP. */
  readonly eventHubConnectionString: string | undefined;

  /** The ID scope of the emulator's Device Provisioning Service, when it has one. */
  readonly idScope: string | undefined;

  constructor(
    baseUrl: string,
    info: ServiceConnectionInfo,
    eventHubConnectionString?: string,
    idScope?: string,
  ) {
    this.baseUrl = baseUrl;
    this.info = info;
    this.eventHubConnectionString = eventHubConnectionString;
    this.idScope = idScope;
  }

  /** Provisions a device through the emulator's DPS (served on this origin) and returns its
   *  connection string. */
  async provision(o: Omit<ProvisionRequest, 'endpoint'>): Promise<string> {
    const done = await provisionWithSymmetricKey({ ...o, endpoint: this.baseUrl });
    return buildDeviceConnectionString({
      hostName: done.assignedHub,
      deviceId: done.deviceId,
      sharedAccessKey: done.deviceKey,
    });
  }

  get hostName(): string {
    return this.info.hostName;
  }

  /** Asks `/emulator/bootstrap`; undefined when the page is not served by the emulator. */
  static async detect(baseUrl: string): Promise<HubService | undefined> {
    try {
      const response = await fetch(`${baseUrl}/emulator/bootstrap`, {
        // Generous: a busy machine (CI, a load test) can be slow to answer, and answering late
        // beats showing a real-hub warning on the emulator's own page.
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) return undefined;
      // Checked field by field: any server may answer on this page's origin.
      const json = (await response.json()) as Partial<Record<keyof EmulatorBootstrap, unknown>>;
      if (typeof json.serviceConnectionString !== 'string') return undefined;
      const parsed = parseServiceConnectionString(json.serviceConnectionString);
      const eventHubs =
        typeof json.eventHubConnectionString === 'string'
          ? json.eventHubConnectionString
          : undefined;
      const idScope = typeof json.idScope === 'string' ? json.idScope : undefined;
      return parsed.ok ? new HubService(baseUrl, parsed.value, eventHubs, idScope) : undefined;
    } catch {
      return undefined;
    }
  }

  async request(
    method: string,
    path: string,
    body?: BodyInit,
    headers: Record<string, string> = {},
  ) {
    const authorization = await signSasToken({
      resourceUri: this.info.hostName,
      key: this.info.sharedAccessKey,
      keyName: this.info.sharedAccessKeyName,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const separator = path.includes('?') ? '&' : '?';
    const started = Date.now();
    const response = await fetch(`${this.baseUrl}${path}${separator}api-version=${API_VERSION}`, {
      method,
      body,
      headers: { authorization, ...headers },
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: kept as text.
    }
    return { status: response.status, body: parsed, latencyMs: Date.now() - started };
  }

  json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init = body === undefined ? undefined : JSON.stringify(body);
    return this.request(method, path, init, { 'content-type': 'application/json', ...headers });
  }

  /** Every device and module with its live connection state (emulator only). */
  async listIdentities(): Promise<EmulatorIdentity[]> {
    const r = await this.json('GET', '/emulator/devices');
    const devices = (r.body as Partial<Record<keyof DevicesResponse, unknown>>)?.devices;
    if (r.status !== 200 || !Array.isArray(devices)) throw new Error(describeFailure(r));
    return devices as EmulatorIdentity[];
  }

  /**
   * Registers a device (or fetches an existing device or module) and returns its connection
   * string.
   */
  async deviceConnectionString(
    deviceId: string,
    create: boolean,
    moduleId?: string,
  ): Promise<string> {
    const module = moduleId === undefined ? '' : `/modules/${encodeURIComponent(moduleId)}`;
    const path = `/devices/${encodeURIComponent(deviceId)}${module}`;
    const r = create
      ? await this.json('PUT', path, { deviceId, status: 'enabled' })
      : await this.json('GET', path);
    const key = (r.body as { authentication?: { symmetricKey?: { primaryKey?: string } } })
      ?.authentication?.symmetricKey?.primaryKey;
    if (r.status !== 200 || !key) throw new Error(describeFailure(r));
    const host = this.hostName;
    return buildDeviceConnectionString({
      hostName: host,
      deviceId,
      moduleId,
      sharedAccessKey: key,
    });
  }

  /** C2D exists for devices only (spec §8.4): a module target is refused before any request. */
  sendC2d(target: ServiceTarget, m: C2dRequest): Promise<RestResult> {
    const path = c2dPath(target);
    if (path === undefined) return Promise.reject(new Error('IoT Hub has no C2D for modules.'));
    // Each field is the header IoT Hub's service API reads (the emulator's C2D route,
    // emulator/api/service-routes.ts); content type and encoding become the device's $.ct, $.ce.
    const headers: Record<string, string> = {};
    if (m.contentType) headers['content-type'] = m.contentType;
    if (m.contentEncoding) headers['content-encoding'] = m.contentEncoding;
    if (m.messageId) headers['iothub-messageid'] = m.messageId;
    if (m.correlationId) headers['iothub-correlationid'] = m.correlationId;
    if (m.userId) headers['iothub-userid'] = m.userId;
    if (m.expiryTimeUtc) headers['iothub-expiry'] = m.expiryTimeUtc;
    if (m.ack) headers['iothub-ack'] = m.ack;
    for (const [k, v] of Object.entries(m.properties)) headers[`iothub-app-${k}`] = v;
    // Bytes, so the browser adds no text/plain of its own when the content type is left empty.
    const body = typeof m.body === 'string' ? utf8Bytes(m.body) : m.body;
    return this.request('POST', path, body as Uint8Array<ArrayBuffer>, headers);
  }

  invokeMethod(
    target: ServiceTarget,
    o: { methodName: string; payload: unknown; responseTimeout: number; connectTimeout: number },
  ): Promise<RestResult> {
    return this.json('POST', methodsPath(target), {
      methodName: o.methodName,
      payload: o.payload,
      responseTimeoutInSeconds: o.responseTimeout,
      connectTimeoutInSeconds: o.connectTimeout,
    });
  }

  patchDesired(target: ServiceTarget, desired: Record<string, unknown>): Promise<RestResult> {
    return this.json('PATCH', twinPath(target), { properties: { desired } }, { 'if-match': '*' });
  }

  /**
   * Telemetry the hub received from this device or module, after a sequence number (emulator
   * only). For a device the emulator also returns its modules' events: callers filter by sender.
   */
  async events(target: ServiceTarget, after?: number): Promise<HubEvent[]> {
    const since = after !== undefined && after >= 0 ? `&after=${after}` : '';
    const module =
      target.moduleId === undefined ? '' : `&moduleId=${encodeURIComponent(target.moduleId)}`;
    const q = `deviceId=${encodeURIComponent(target.deviceId)}${module}${since}&limit=1000`;
    const r = await this.json('GET', `/emulator/events?${q}`);
    const events = (r.body as Partial<Record<keyof EventsResponse, unknown>>)?.events;
    return Array.isArray(events) ? (events as HubEvent[]) : [];
  }
}

export function describeFailure(r: RestResult): string {
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  return `HTTP ${r.status}${text ? `: ${text}` : ''}`;
}

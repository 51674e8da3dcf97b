// The cloud side of e2e tests: IoT Hub's REST service API on the emulator, signed as iothubowner.
import { parseServiceConnectionString } from '../src/iothub/connection-string.ts';
import type {
  ConnectionEvent,
  ConnectionsResponse,
  EmulatorBootstrap,
  EventsResponse,
  HubEvent,
} from '../src/iothub/emulator-api.ts';
import { signSasToken } from '../src/iothub/sas-token.ts';

export type { ConnectionEvent, HubEvent } from '../src/iothub/emulator-api.ts';

export type MethodResult = { httpStatus: number; body: Record<string, unknown> };

export class HubClient {
  private readonly baseUrl: string;
  readonly hostName: string;
  private readonly keyName: string;
  private readonly key: string;

  private constructor(baseUrl: string, hostName: string, keyName: string, key: string) {
    this.baseUrl = baseUrl;
    this.hostName = hostName;
    this.keyName = keyName;
    this.key = key;
  }

  /** The iothubowner string a user would paste into the hub panel (e2e/gateway.spec.ts). */
  get serviceConnectionString(): string {
    return `HostName=${this.hostName};SharedAccessKeyName=${this.keyName};SharedAccessKey=${this.key}`;
  }

  get sharedAccessKey(): string {
    return this.key;
  }

  /** Reads the iothubowner connection string from the emulator's loopback-only bootstrap. */
  static async connect(baseUrl: string): Promise<HubClient> {
    const response = await fetch(`${baseUrl}/emulator/bootstrap`);
    if (!response.ok) throw new Error(`GET /emulator/bootstrap: ${response.status}`);
    const { serviceConnectionString } = (await response.json()) as EmulatorBootstrap;
    const parsed = parseServiceConnectionString(serviceConnectionString);
    if (!parsed.ok) throw new Error(`bootstrap connection string: ${parsed.error.message}`);
    const { hostName, sharedAccessKeyName, sharedAccessKey } = parsed.value;
    return new HubClient(baseUrl, hostName, sharedAccessKeyName, sharedAccessKey);
  }

  async request(method: string, path: string, init: RequestInit = {}): Promise<Response> {
    const authorization = await signSasToken({
      resourceUri: this.hostName,
      key: this.key,
      keyName: this.keyName,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const separator = path.includes('?') ? '&' : '?';
    return fetch(`${this.baseUrl}${path}${separator}api-version=2021-04-12`, {
      ...init,
      method,
      headers: { authorization, ...(init.headers as Record<string, string> | undefined) },
    });
  }

  async json<T>(method: string, path: string, body?: unknown, headers = {}): Promise<T> {
    const response = await this.request(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Registers a device with generated keys and returns its connection string. */
  async createDevice(deviceId: string): Promise<string> {
    const device = await this.json<{ authentication: { symmetricKey: { primaryKey: string } } }>(
      'PUT',
      `/devices/${encodeURIComponent(deviceId)}`,
      { deviceId, status: 'enabled' },
    );
    const key = device.authentication.symmetricKey.primaryKey;
    return `HostName=${this.hostName};DeviceId=${deviceId};SharedAccessKey=${key}`;
  }

  /** Registers a module of an existing device and returns the module's connection string. */
  async createModule(deviceId: string, moduleId: string): Promise<string> {
    const module = await this.json<{ authentication: { symmetricKey: { primaryKey: string } } }>(
      'PUT',
      `/devices/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent(moduleId)}`,
      { deviceId, moduleId },
    );
    const key = module.authentication.symmetricKey.primaryKey;
    return `HostName=${this.hostName};DeviceId=${deviceId};ModuleId=${moduleId};SharedAccessKey=${key}`;
  }

  getModuleTwin(
    deviceId: string,
    moduleId: string,
  ): Promise<{
    moduleId?: string;
    properties: { desired: Record<string, unknown>; reported: Record<string, unknown> };
  }> {
    return this.json(
      'GET',
      `/twins/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent(moduleId)}`,
    );
  }

  getTwin(deviceId: string): Promise<{
    properties: { desired: Record<string, unknown>; reported: Record<string, unknown> };
  }> {
    return this.json('GET', `/twins/${encodeURIComponent(deviceId)}`);
  }

  patchDesired(deviceId: string, desired: Record<string, unknown>): Promise<unknown> {
    return this.json(
      'PATCH',
      `/twins/${encodeURIComponent(deviceId)}`,
      { properties: { desired } },
      {
        'if-match': '*',
      },
    );
  }

  async invokeMethod(
    deviceId: string,
    methodName: string,
    payload: unknown,
    responseTimeoutInSeconds = 30,
  ): Promise<MethodResult> {
    const response = await this.request('POST', `/twins/${encodeURIComponent(deviceId)}/methods`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        methodName,
        payload,
        responseTimeoutInSeconds,
        connectTimeoutInSeconds: 0,
      }),
    });
    return {
      httpStatus: response.status,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  async sendC2d(deviceId: string, body: string, headers: Record<string, string>): Promise<void> {
    const response = await this.request(
      'POST',
      `/devices/${encodeURIComponent(deviceId)}/messages/deviceBound`,
      { body, headers },
    );
    if (!response.ok)
      throw new Error(`C2D to ${deviceId}: ${response.status} ${await response.text()}`);
  }

  async events(deviceId: string): Promise<HubEvent[]> {
    const { events } = await this.json<EventsResponse>(
      'GET',
      `/emulator/events?deviceId=${encodeURIComponent(deviceId)}&limit=1000`,
    );
    return events;
  }

  /** The emulator's connect/refuse/disconnect log for one device, oldest first. */
  async connections(deviceId: string): Promise<ConnectionEvent[]> {
    const { connections } = await this.json<ConnectionsResponse>(
      'GET',
      `/emulator/connections?deviceId=${encodeURIComponent(deviceId)}&limit=1000`,
    );
    return connections;
  }
}

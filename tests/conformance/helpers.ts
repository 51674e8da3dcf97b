// Shared helpers for the conformance suite: hubs on temp data dirs, the emulator's REST API as
// the cloud side of a test, and bounded waits (poll with deadlines, never sleep to synchronise).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// azure-iot-common is CommonJS whose named exports Node's ESM loader cannot all detect.
import azureIotCommon from 'azure-iot-common';

import { createHub } from '../../emulator/hub.ts';
import type { EventsResponse, HubEvent } from '../../src/iothub/emulator-api.ts';

const { SharedAccessSignature } = azureIotCommon;

export type Hub = Awaited<ReturnType<typeof createHub>>;
export type HubOptions = Parameters<typeof createHub>[0];

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Emitter<T> = {
  once(event: string, listener: (value: T) => void): unknown;
  off(event: string, listener: (value: T) => void): unknown;
};

/** Resolves with the first `event` of `emitter`, or rejects after `timeoutMs`. */
export function nextEvent<T = unknown>(
  emitter: Emitter<T>,
  event: string,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`));
    }, timeoutMs);
    const onEvent = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    emitter.once(event, onEvent);
  });
}

/** Rejects if `promise` does not settle within `timeoutMs`: SDK calls that never answer fail. */
export function within<T>(what: string, promise: Promise<T>, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'iothub-conformance-'));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function connectionStringField(connectionString: string, name: string): string {
  const field = connectionString.split(';').find((part) => part.startsWith(`${name}=`));
  if (!field) throw new Error(`connection string has no ${name}`);
  return field.slice(name.length + 1);
}

export function anHourFromNow(): number {
  return Math.floor(Date.now() / 1000) + 3600;
}

/** The emulator's REST API over plain HTTP with an iothubowner SAS, for the cloud side of tests. */
export class HubRest {
  readonly #base: string;
  readonly #host: string;
  readonly #keyName: string;
  readonly #key: string;

  constructor(hub: Hub) {
    this.#base = `http://127.0.0.1:${hub.ports.http}`;
    this.#host = connectionStringField(hub.ownerConnectionString, 'HostName');
    this.#keyName = connectionStringField(hub.ownerConnectionString, 'SharedAccessKeyName');
    this.#key = connectionStringField(hub.ownerConnectionString, 'SharedAccessKey');
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const sas = SharedAccessSignature.create(this.#host, this.#keyName, this.#key, anHourFromNow());
    const separator = path.includes('?') ? '&' : '?';
    const response = await fetch(`${this.#base}${path}${separator}api-version=2021-04-12`, {
      method,
      headers: {
        authorization: sas.toString(),
        ...(body === undefined || typeof body === 'string'
          ? {}
          : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    if (response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text}`);
    }
    return JSON.parse(response.text) as T;
  }

  /** A fresh device for one test; returns its connection string as the hub prints it. */
  async createDevice(
    hub: Hub,
    prefix = 'conf',
  ): Promise<{ deviceId: string; connectionString: string }> {
    const deviceId = uniqueId(prefix);
    await this.json('PUT', `/devices/${encodeURIComponent(deviceId)}`, { deviceId });
    return { deviceId, connectionString: hub.connectionString(deviceId) };
  }

  async events(deviceId: string, after = 0): Promise<HubEvent[]> {
    const query = `deviceId=${encodeURIComponent(deviceId)}&after=${after}`;
    const result = await this.json<EventsResponse>('GET', `/emulator/events?${query}`);
    return result.events;
  }

  async waitForEvent(deviceId: string, match: (event: HubEvent) => boolean): Promise<HubEvent> {
    return waitFor(`an event of ${deviceId} in /emulator/events`, async () =>
      (await this.events(deviceId)).find(match),
    );
  }

  /** C2D through the emulator's REST endpoint (spec §8.4): azure-iothub's Client.send is AMQP. */
  async sendC2d(deviceId: string, body: string, headers: Record<string, string>): Promise<void> {
    const path = `/devices/${encodeURIComponent(deviceId)}/messages/deviceBound`;
    const response = await this.request('POST', path, body, headers);
    if (response.status >= 300)
      throw new Error(`C2D send answered ${response.status}: ${response.text}`);
  }
}

export async function startHub(options: HubOptions): Promise<Hub> {
  return createHub({ port: 0, bind: '127.0.0.1', mqttPort: 0, log: () => {}, ...options });
}

/** IoT Hub's names for the codes this suite checks (C# SDK ErrorCode.cs). */
const CODE_BY_NAME: Record<string, number> = {
  DeviceNotFound: 404001,
  DeviceNotOnline: 404103,
  DeviceAlreadyExists: 409001,
  GatewayTimeout: 504101,
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The hub error code of a failed azure-iothub call, from either body shape IoT Hub is known to
 * send (spec §5): current `{"Message":"{\"errorCode\":404103,...}"}` (or a top-level
 * `errorCode`), or legacy `{"Message":"ErrorCode:DeviceNotOnline;..."}`, whose name maps to one
 * code. Undefined when the body names no code.
 */
export function hubErrorCode(error: unknown): number | undefined {
  const body = (error as { responseBody?: unknown }).responseBody;
  const parsed = typeof body === 'string' ? parseJson(body) : undefined;
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { errorCode, Message } = parsed as { errorCode?: unknown; Message?: unknown };
  if (typeof errorCode === 'number') return errorCode;
  if (typeof Message !== 'string') return undefined;
  const inner = parseJson(Message) as { errorCode?: unknown } | undefined;
  if (typeof inner?.errorCode === 'number') return inner.errorCode;
  const legacy = /^ErrorCode:(\w+);/.exec(Message);
  return legacy?.[1] ? CODE_BY_NAME[legacy[1]] : undefined;
}

export function httpStatusOf(error: unknown): number | undefined {
  return (error as { response?: { statusCode?: number } }).response?.statusCode;
}

/** One JSON line a fixture process printed (tests/conformance/fixtures/*.mjs). */
export type FixtureLine = { step: string; [k: string]: unknown };

/** Runs a fixture script with NODE_EXTRA_CA_CERTS = `caPath`, as users trust the hub's CA;
 *  collects its JSON lines. Closing its stdin ends it. */
export function fixtureProcess(
  script: string,
  args: string[],
  caPath: string | undefined,
): { lines: FixtureLine[]; child: ChildProcess } {
  const child = spawn(
    process.execPath,
    [new URL(`./fixtures/${script}`, import.meta.url).pathname, ...args],
    {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath ?? '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: FixtureLine[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) =>
    lines.push(JSON.parse(l) as FixtureLine),
  );
  return { lines, child };
}

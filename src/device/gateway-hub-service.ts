/**
 * The hub panel's service calls through the local service gateway (gateway/, docs/gateway.md) for
 * a real IoT hub: the page never holds the service key, only the gateway's per-start token and an
 * opaque session handle; the gateway signs, forwards and hands IoT Hub's answers back unchanged.
 * Same interface as the emulator's HubService, so the hub panel's forms do not know which it is.
 */
import type { HubEvent } from '../iothub/emulator-api.ts';
import { sentBy, type ServiceTarget } from '../iothub/service-paths.ts';

import { HubService, type C2dRequest, type RestResult } from './hub-service.ts';

export type GatewayLink = { baseUrl: string; token: string };

/** Telemetry kept for the panel's poll; a device's rate is bounded by its hub's throttles. */
const MAX_BUFFERED = 2000;

export class GatewayHubService extends HubService {
  readonly mode = 'gateway';
  readonly consumerGroup: string;
  readonly #link: GatewayLink;
  readonly #session: string;
  #buffer: HubEvent[] = [];
  #stream: { key: string; abort: AbortController } | undefined;
  #onNote: (note: string | undefined) => void;

  private constructor(
    link: GatewayLink,
    session: string,
    hostName: string,
    consumerGroup: string,
    onNote: (note: string | undefined) => void,
  ) {
    // The key stays in the gateway: nothing here signs, so the base class gets no key.
    super(link.baseUrl, { hostName, sharedAccessKeyName: '', sharedAccessKey: '' });
    this.#link = link;
    this.#session = session;
    this.consumerGroup = consumerGroup;
    this.#onNote = onNote;
  }

  /** Asks `{baseUrl}/gateway/bootstrap` for the per-start token; undefined without a gateway. */
  static async detectGateway(baseUrl: string): Promise<GatewayLink | undefined> {
    try {
      const response = await fetch(`${baseUrl}/gateway/bootstrap`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) return undefined;
      const json = (await response.json()) as { token?: unknown };
      return typeof json.token === 'string' ? { baseUrl, token: json.token } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Hands the pasted string to the gateway; rejects with the gateway's reason. */
  static async open(
    link: GatewayLink,
    o: { connectionString: string; eventHubConnectionString?: string; consumerGroup: string },
    onNote: (note: string | undefined) => void = () => {},
  ): Promise<GatewayHubService> {
    const response = await fetch(`${link.baseUrl}/gateway/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-token': link.token },
      body: JSON.stringify({
        connectionString: o.connectionString,
        ...(o.eventHubConnectionString
          ? { eventHubConnectionString: o.eventHubConnectionString }
          : {}),
      }),
    });
    const json = (await response.json().catch(() => ({}))) as {
      session?: unknown;
      hostName?: unknown;
      Message?: unknown;
    };
    if (response.status !== 201 || typeof json.session !== 'string')
      throw new Error(typeof json.Message === 'string' ? json.Message : `HTTP ${response.status}`);
    const hostName = typeof json.hostName === 'string' ? json.hostName : '';
    return new GatewayHubService(
      link,
      json.session,
      hostName,
      o.consumerGroup || '$Default',
      onNote,
    );
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, 'x-gateway-token': this.#link.token, 'x-gateway-session': this.#session };
  }

  override async request(
    method: string,
    path: string,
    body?: BodyInit,
    headers: Record<string, string> = {},
  ): Promise<RestResult> {
    const started = Date.now();
    const response = await fetch(`${this.#link.baseUrl}/gateway/hub${path}`, {
      method,
      body,
      headers: this.#headers(headers),
    });
    return {
      status: response.status,
      body: await bodyOf(response),
      latencyMs: Date.now() - started,
    };
  }

  /** Over AMQP in the gateway, as the service SDK sends it (REST C2D is not public on Azure). */
  override async sendC2d(target: ServiceTarget, m: C2dRequest): Promise<RestResult> {
    if (target.moduleId !== undefined) throw new Error('IoT Hub has no C2D for modules.');
    const started = Date.now();
    const response = await fetch(
      `${this.#link.baseUrl}/gateway/c2d/${encodeURIComponent(target.deviceId)}`,
      {
        method: 'POST',
        headers: this.#headers({ 'content-type': 'application/json' }),
        body: JSON.stringify(m),
      },
    );
    return {
      status: response.status,
      body: await bodyOf(response),
      latencyMs: Date.now() - started,
    };
  }

  override listIdentities(): Promise<never> {
    return Promise.reject(new Error('Listing identities is an emulator feature.'));
  }

  /** Telemetry the hub received since the stream for this target opened (from "now"). */
  override async events(target: ServiceTarget, after?: number): Promise<HubEvent[]> {
    const key = `${target.deviceId}/${target.moduleId ?? ''}`;
    if (this.#stream?.key !== key) this.#openStream(target, key);
    const fresh = this.#buffer.filter(
      (e) => sentBy(target, e) && (after === undefined || e.sequenceNumber > after),
    );
    this.#buffer = [];
    return fresh;
  }

  #openStream(target: ServiceTarget, key: string): void {
    this.#stream?.abort.abort();
    this.#buffer = [];
    const abort = new AbortController();
    this.#stream = { key, abort };
    const q = new URLSearchParams({ deviceId: target.deviceId, consumerGroup: this.consumerGroup });
    if (target.moduleId !== undefined) q.set('moduleId', target.moduleId);
    void this.#read(`${this.#link.baseUrl}/gateway/events?${q}`, abort).catch((e: unknown) => {
      if (!abort.signal.aborted) {
        this.#onNote(`Telemetry stream ended: ${(e as Error).message}`);
        if (this.#stream?.abort === abort) this.#stream = undefined; // the next poll reopens
      }
    });
  }

  async #read(url: string, abort: AbortController): Promise<void> {
    const response = await fetch(url, { headers: this.#headers(), signal: abort.signal });
    if (!response.ok || !response.body) {
      const body = await bodyOf(response);
      this.#onNote(
        `Telemetry: HTTP ${response.status} ${typeof body === 'string' ? body : JSON.stringify(body)}`,
      );
      // Not reopened on every poll: a refused key stays refused until the user pastes again.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      throw new Error(`HTTP ${response.status}`);
    }
    this.#onNote(undefined);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the gateway closed the stream');
      text += value;
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        this.#frame(text.slice(0, end));
        text = text.slice(end + 2);
      }
    }
  }

  #frame(frame: string): void {
    const event = /^event: (.*)$/m.exec(frame)?.[1];
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    if (data === undefined) return;
    if (event === 'telemetry') {
      this.#buffer.push(JSON.parse(data) as HubEvent);
      if (this.#buffer.length > MAX_BUFFERED)
        this.#buffer.splice(0, this.#buffer.length - MAX_BUFFERED);
    } else if (event === 'reader-error') {
      this.#onNote(`Telemetry reader: ${(JSON.parse(data) as { message: string }).message}`);
    }
  }

  /** Forgets the session in the gateway (the key leaves its memory) and stops the stream. */
  async close(): Promise<void> {
    this.#stream?.abort.abort();
    this.#stream = undefined;
    await fetch(`${this.#link.baseUrl}/gateway/sessions`, {
      method: 'DELETE',
      headers: this.#headers(),
    }).catch(() => undefined);
  }
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return text;
  }
}

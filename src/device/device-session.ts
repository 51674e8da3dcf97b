/**
 * DeviceSession: one IoT Hub device or module identity over MQTT 3.1.1 over WebSockets. Owns the
 * connection lifecycle (own reconnect schedule, SAS renewal by controlled reconnect, CONNACK 5
 * stops retrying), the bounded offline telemetry queue and $rid correlation. Does not own UI state,
 * does not persist anything and touches no DOM, so it can move into a Web Worker.
 */
import { MAX_TELEMETRY_BYTES } from '../iothub/limits.ts';
import { utf8Length } from '../iothub/payload-decode.ts';
import type { MessageProperties } from '../iothub/property-bag.ts';
import { telemetryTopic } from '../iothub/topics.ts';

import { backoffDelay } from './backoff.ts';
import { issueToken, linkOptions } from './connect-params.ts';
import { FLAP_LIMIT, FLAP_START, flapStep, isFlapping, type FlapState } from './flap-detector.ts';
import { loadMqtt, openLink, type Link, type Mqtt } from './mqtt-link.ts';
import { ProtocolRecorder } from './protocol-recorder.ts';
import { authRefusedError, kickedRepeatedlyError, unreachableError } from './session-errors.ts';
import { SessionInbound } from './session-inbound.ts';
import type {
  ConnectionStatus,
  ConnectOptions,
  SasInfo,
  SessionError,
  TelemetryBody,
  TelemetryUpdate,
} from './session-types.ts';
import { TelemetryOutbox } from './telemetry-outbox.ts';

export class DeviceSession extends SessionInbound {
  #opts: ConnectOptions | undefined;
  #link: Link | undefined;
  /** The protocol timeline's recorder of the current link (one per link: packet ids pair within it). */
  #rec: ProtocolRecorder | undefined;
  #links = 0;
  #gen = 0;
  #wanted = false;
  #everConnected = false;
  #attempt = 0;
  #authRefused: number | undefined;
  #flap: FlapState = FLAP_START;
  #lastError: string | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #status: ConnectionStatus = { state: 'disconnected' };
  #sas: SasInfo | undefined;
  #outbox = new TelemetryOutbox(
    (u) => this.emit('telemetry', { ...u, at: Date.now() }),
    (size, limit) => this.emit('queue', { size, limit }),
  );
  #nextId = 1;

  get status(): ConnectionStatus {
    return this.#status;
  }

  get queueSize(): number {
    return this.#outbox.size;
  }

  connect(options: ConnectOptions): void {
    if (this.#wanted) this.disconnect();
    this.#opts = options;
    this.#outbox.reset(options.queueLimit);
    this.#wanted = true;
    this.#everConnected = false;
    this.#attempt = 0;
    this.#flap = FLAP_START;
    this.resetTwin();
    if (options.info.auth.kind === 'key' && !globalThis.crypto?.subtle) {
      return this.#fail({
        kind: 'insecure-context',
        message:
          'This page is not in a secure context, so WebCrypto cannot sign SAS tokens: open it on https or on localhost.',
      });
    }
    this.#setStatus({ state: 'connecting' });
    void this.#open();
  }

  /** Stops for good; with `error`, the final status says why (e.g. taken over by another tab). */
  disconnect(error?: SessionError): void {
    this.#wanted = false;
    this.#clearTimers();
    const link = this.#link;
    this.#link = undefined;
    this.linkReady = false;
    this.#gen++;
    this.#setStatus(error ? { state: 'error', error } : { state: 'disconnected' });
    this.#setSas(undefined);
    this.#rec?.expectClose(
      error
        ? `the console closed the connection: ${error.message}`
        : 'Disconnect: the console closed the connection',
    );
    this.failPendingTwin('disconnected');
    this.closeMethods();
    this.#outbox.failQueued('Not sent: disconnected');
    // Graceful DISCONNECT, so IoT Hub does not publish the Will (spec §1.11).
    link?.end(true, () => this.#outbox.failInflight('No PUBACK before disconnecting'));
  }

  /** Sends now at QoS 1 when connected, else waits in the bounded queue. Returns the message id. */
  sendTelemetry(body: TelemetryBody, properties: MessageProperties): string {
    const id = `t${this.#nextId++}`;
    const opts = this.#opts;
    const topic = opts
      ? telemetryTopic({ deviceId: opts.info.deviceId, moduleId: opts.info.moduleId }, properties)
      : '';
    const bytes = typeof body === 'string' ? utf8Length(body) : body.length;
    this.#telemetry({ id, state: 'queued', sent: { topic, body, properties, bytes } });
    if (!opts || !this.#wanted) {
      this.#telemetry({ id, state: 'failed', error: 'Not connected: connect first.' });
    } else if (bytes + utf8Length(topic) > MAX_TELEMETRY_BYTES) {
      this.#telemetry({
        id,
        state: 'failed',
        error: `Message too large: ${bytes} bytes; IoT Hub accepts at most ${MAX_TELEMETRY_BYTES} bytes (256 KB) per message, properties included.`,
      });
    } else if (!this.#outbox.enqueue(id, topic, body)) {
      this.#telemetry({
        id,
        state: 'failed',
        error: `Offline queue full (${this.#outbox.limit}).`,
      });
    } else {
      this.#drain();
    }
    return id;
  }

  /** A controlled reconnect with a fresh token; called by the renewal timer (public for tests). */
  renewToken(): void {
    const link = this.#link;
    if (!link || !this.linkReady || this.#opts?.info.auth.kind !== 'key') return;
    this.emit('log', { at: Date.now(), message: 'Renewing the SAS token: reconnecting' });
    this.linkReady = false;
    this.#gen++; // the old link's close is expected, not a drop
    this.#flap = flapStep(this.#flap, { kind: 'closed', at: Date.now(), cause: 'local' });
    clearTimeout(this.#renewTimer);
    this.#rec?.expectClose(
      'the console reconnects to renew the SAS token (MQTT 3.1.1 cannot re-authenticate on a live connection)',
    );
    link.end(true, () => {
      this.#outbox.requeueInflight();
      if (this.#wanted) void this.#open();
    });
  }

  protected override publish(topic: string, payload: string): boolean {
    if (!this.#link || !this.linkReady) return false;
    this.#link.publish(topic, payload, 0);
    return true;
  }

  async #open(): Promise<void> {
    const opts = this.#opts;
    if (!opts || !this.#wanted) return;
    const gen = ++this.#gen;
    let password: string;
    let mqtt: Mqtt;
    try {
      mqtt = await loadMqtt();
    } catch (error) {
      if (gen === this.#gen)
        this.#fail(
          unreachableError(opts.url, `could not load mqtt.js: ${(error as Error).message}`),
        );
      return;
    }
    try {
      const issued = await issueToken(opts);
      password = issued.password;
      this.#setSas(issued.sas);
    } catch (error) {
      if (gen === this.#gen) this.#fail(error as SessionError);
      return;
    }
    if (gen !== this.#gen || !this.#wanted) return;
    this.#authRefused = undefined;
    this.#lastError = undefined;
    // Packets of a link are recorded whatever its generation: a closing link's DISCONNECT and
    // CLOSE crossed the wire too.
    const rec = new ProtocolRecorder((entries) => this.emit('protocol', entries), ++this.#links);
    this.#rec = rec;
    this.#link = openLink(mqtt, linkOptions(opts, password), {
      onConnect: () => (gen === this.#gen ? this.#onConnected() : undefined),
      onAuthRefused: (code) => (gen === this.#gen ? (this.#authRefused = code) : undefined),
      onError: (message) => {
        rec.error(message);
        if (gen === this.#gen) this.#lastError = message;
      },
      onClose: (keepaliveTimeout) => {
        rec.closed(keepaliveTimeout);
        this.#onClosed(gen, keepaliveTimeout);
      },
      onMessage: (topic, payload, dup) => this.receive(topic, payload, dup, gen),
      onPacket: (dir, packet) => rec.packet(dir, packet),
    });
  }

  #onConnected(): void {
    const opts = this.#opts;
    if (!opts) return;
    this.linkReady = true;
    this.#everConnected = true;
    this.#attempt = 0;
    this.#flap = flapStep(this.#flap, { kind: 'connected', at: Date.now() });
    this.#setStatus({ state: 'connected', since: Date.now() });
    const renewAt = this.#sas?.renewAt;
    if (renewAt !== undefined) {
      const delay = Math.max(0, renewAt * 1000 - Date.now());
      this.#renewTimer = setTimeout(() => this.renewToken(), delay);
    }
    this.#drain();
    this.afterConnect(opts.info.deviceId, opts.info.moduleId, (filters, done) =>
      this.#link?.subscribe(filters, done),
    );
  }

  #onClosed(gen: number, keepaliveTimeout: boolean): void {
    if (gen !== this.#gen) return;
    const connectedAt = this.#flap.connectedAt;
    const now = Date.now();
    const before = this.#flap.streak;
    this.#flap = flapStep(this.#flap, {
      kind: 'closed',
      at: now,
      cause: keepaliveTimeout ? 'keepalive' : 'server',
    });
    this.linkReady = false;
    this.#link?.end(false);
    this.#link = undefined;
    clearTimeout(this.#renewTimer);
    this.failPendingTwin('connection closed');
    this.closeMethods();
    this.#outbox.requeueInflight();
    if (!this.#wanted) return this.#setStatus({ state: 'disconnected' });
    const opts = this.#opts;
    if (this.#authRefused !== undefined && opts) {
      return this.#fail(authRefusedError(this.#authRefused, opts.info.auth.kind, this.#sas));
    }
    if (!this.#everConnected && opts)
      return this.#fail(unreachableError(opts.url, this.#lastError));
    if (isFlapping(this.#flap)) return this.#fail(kickedRepeatedlyError(this.#flap.streak));
    let reason = this.#lastError ?? 'connection lost';
    if (this.#flap.streak > before && connectedAt !== undefined) {
      const secs = ((now - connectedAt) / 1000).toFixed(1);
      reason = `IoT Hub closed the connection ${secs} s after it opened (${this.#flap.streak} of ${FLAP_LIMIT} in a row before the console stops: is another client connected as this device?)`;
      this.emit('log', { at: now, message: reason });
    }
    this.#attempt++;
    const delay = backoffDelay(this.#attempt);
    this.#setStatus({
      state: 'reconnecting',
      attempt: this.#attempt,
      nextTryAt: Date.now() + delay,
      reason,
    });
    this.#retryTimer = setTimeout(() => void this.#open(), delay);
  }

  #drain(): void {
    const link = this.#link;
    if (!link || !this.linkReady) return;
    const publish = (topic: string, body: TelemetryBody, done: (error?: string) => void) =>
      link.publish(topic, body, 1, done);
    this.#outbox.drain(publish, this.#gen, (gen) => gen === this.#gen && this.linkReady);
  }

  #telemetry(update: Omit<TelemetryUpdate, 'at'>): void {
    this.emit('telemetry', { ...update, at: Date.now() });
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.emit('status', status);
  }

  #setSas(sas: SasInfo | undefined): void {
    this.#sas = sas;
    this.emit('sas', sas);
  }

  #fail(error: SessionError): void {
    this.#wanted = false;
    this.#clearTimers();
    this.#setStatus({ state: 'error', error });
  }

  #clearTimers(): void {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#renewTimer);
  }
}

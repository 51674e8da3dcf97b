// Cloud-to-device messages (spec §3.2, §6): a per-device queue in SQLite, delivered at QoS 1 on
// `devices/{id}/messages/devicebound/{bag}` to a subscribed device; its PUBACK completes the
// message; what was not acknowledged is delivered again on the next connection.

import { randomUUID } from 'node:crypto';

import { C2D_QUEUE_DEPTH } from '../../src/iothub/limits.ts';
import { c2dTopic } from '../../src/iothub/topics.ts';
import type { FeedbackRecord, HubContext } from '../context.ts';
import { sendQos0, writeQos1 } from '../deliver.ts';
import { RegistryError } from '../registry.ts';
import type { Session, Sessions } from '../sessions.ts';
import type { StoredC2d } from '../store/c2d-store.ts';

export const DEFAULT_TTL_MS = 60 * 60 * 1000; // 1 h (spec §6)
export const MAX_TTL_MS = 48 * 60 * 60 * 1000; // 48 h

export type C2dInput = {
  deviceId: string;
  body: Buffer;
  messageId?: string;
  correlationId?: string;
  userId?: string;
  contentType?: string;
  contentEncoding?: string;
  /** Absolute expiry, ms since epoch; the hub default TTL applies when absent. */
  expiryMs?: number;
  ack?: string;
  properties: Record<string, string>;
};

function topicFor(m: StoredC2d): string {
  const s = m.system;
  const system: Record<string, string> = {};
  const put = (k: string, v: string | undefined) => {
    if (v !== undefined) system[k] = v;
  };
  put('messageId', s.messageId);
  put('to', s.to);
  put('correlationId', s.correlationId);
  put('userId', s.userId);
  put('contentType', s.contentType);
  put('contentEncoding', s.contentEncoding);
  put('expiryTimeUtc', s.expiryTimeUtc);
  const application: Record<string, string> = { 'iothub-ack': s.ack ?? 'none', ...m.properties };
  return c2dTopic(m.deviceId, { system, application });
}

/** Which outcomes each iothub-ack asks for (Microsoft Learn, "Understand cloud-to-device
 *  messaging from an IoT hub", "Message feedback": positive = Success only, negative = every
 *  other outcome, full = both). */
export function wantsFeedback(ack: string | undefined, status: FeedbackRecord['statusCode']) {
  if (ack === 'full') return true;
  if (ack === 'positive') return status === 'Success';
  if (ack === 'negative') return status !== 'Success';
  return false;
}

const DESCRIPTIONS: Record<FeedbackRecord['statusCode'], string> = {
  Success: 'Success',
  Expired: 'Message expired',
  DeliveryCountExceeded: 'Message delivery count exceeded',
  Rejected: 'Message rejected',
  Purged: 'Message purged',
};

export function createC2dFeature(ctx: HubContext, sessions: Sessions, lockTimeoutMs: number) {
  /** Reports an outcome to the sender's feedback queue when its iothub-ack asked for it. */
  function feedback(m: StoredC2d, statusCode: FeedbackRecord['statusCode']): void {
    if (!wantsFeedback(m.system.ack, statusCode)) return;
    ctx.bus.emit('c2dFeedback', {
      originalMessageId: m.system.messageId ?? '',
      enqueuedTimeUtc: new Date().toISOString(),
      statusCode,
      description: DESCRIPTIONS[statusCode],
      deviceId: m.deviceId,
      deviceGenerationId: ctx.store.registry.get(m.deviceId)?.record.generationId ?? '',
    });
  }

  /** The device completed message `seq`: it leaves the queue with Success feedback. */
  function complete(seq: number): void {
    if (ctx.store.closed) return;
    const m = ctx.store.c2d.get(seq);
    if (m && ctx.store.c2d.complete(seq)) feedback(m, 'Success');
  }

  /** A delivery not acknowledged within the lock timeout is sent again with DUP on the same
   *  connection (IoT Hub's 1-minute lock, spec §6 [EMU]; real MQTT behaviour UNCONFIRMED). */
  function redeliverStale(): void {
    if (ctx.store.closed) return;
    const now = Date.now();
    for (const session of sessions.all()) {
      if (session.c2dInFlight.size === 0) continue;
      const live = new Map(ctx.store.c2d.pending(session.deviceId, now).map((m) => [m.seq, m]));
      for (const [packetId, f] of session.c2dInFlight) {
        const m = live.get(f.seq);
        if (!m) {
          session.c2dInFlight.delete(packetId); // expired or purged meanwhile
        } else if (now - f.sentAt >= lockTimeoutMs) {
          if (writeQos1(session, topicFor(m), m.body, packetId) === undefined) break;
          f.sentAt = now;
          ctx.store.c2d.markDelivered(m.seq);
        }
      }
    }
  }

  /** Sends every live message not already in flight on this connection. */
  function pump(session: Session): void {
    if (session.moduleId !== undefined) return; // modules have no C2D queue (spec §3.2)
    const qos = sessions.subscribedTo(session, 'c2d');
    if (qos === undefined || ctx.store.closed) return;
    const inFlight = new Set([...session.c2dInFlight.values()].map((f) => f.seq));
    for (const m of ctx.store.c2d.pending(session.deviceId, Date.now())) {
      if (inFlight.has(m.seq)) continue;
      const topic = topicFor(m);
      if (qos === 0) {
        // QoS 0 subscription: fire and forget, complete on send (spec §6 [EMU]).
        sendQos0(session, topic, m.body);
        complete(m.seq);
        continue;
      }
      const packetId = writeQos1(session, topic, m.body);
      if (packetId === undefined) return;
      session.c2dInFlight.set(packetId, { seq: m.seq, sentAt: Date.now() });
      ctx.store.c2d.markDelivered(m.seq);
    }
  }

  function send(input: C2dInput): number {
    const now = Date.now();
    const expiryMs = input.expiryMs ?? now + DEFAULT_TTL_MS;
    const system: Record<string, string> = {
      messageId: input.messageId ?? randomUUID(),
      to: `/devices/${input.deviceId}/messages/devicebound`,
    };
    if (input.correlationId !== undefined) system.correlationId = input.correlationId;
    if (input.userId !== undefined) system.userId = input.userId;
    if (input.contentType !== undefined) system.contentType = input.contentType;
    if (input.contentEncoding !== undefined) system.contentEncoding = input.contentEncoding;
    if (input.expiryMs !== undefined) system.expiryTimeUtc = new Date(input.expiryMs).toISOString();
    if (input.ack !== undefined) system.ack = input.ack;
    const seq = ctx.store.c2d.enqueue(
      {
        deviceId: input.deviceId,
        body: input.body,
        system,
        properties: input.properties,
        enqueuedMs: now,
        expiryMs,
      },
      C2D_QUEUE_DEPTH,
    );
    if (seq === undefined) {
      throw new RegistryError(
        'DeviceMaximumQueueDepthExceeded',
        `Device '${input.deviceId}' already has ${C2D_QUEUE_DEPTH} messages waiting (IoT Hub's per-device limit).`,
      );
    }
    const session = sessions.get(input.deviceId);
    if (session) pump(session);
    return seq;
  }

  /** The device PUBACKed packet `packetId`: the message is complete (spec §6, MQTT has no reject). */
  function acked(session: Session, packetId: number): void {
    const inFlight = session.c2dInFlight.get(packetId);
    if (inFlight === undefined) return;
    session.c2dInFlight.delete(packetId);
    complete(inFlight.seq);
  }

  const onSession = (session: Session) => pump(session);
  sessions.events.on('online', onSession);
  sessions.events.on('subscribed', onSession);
  const expiry = setInterval(() => {
    if (ctx.store.closed) return;
    for (const m of ctx.store.c2d.expire(Date.now())) feedback(m, 'Expired');
  }, 10_000);
  expiry.unref();
  const lockTimer = setInterval(redeliverStale, Math.max(50, Math.min(lockTimeoutMs / 4, 5_000)));
  lockTimer.unref();

  return {
    send,
    acked,
    complete,
    feedback,
    /** Empties the device's queue; returns how many messages it held. */
    purge(deviceId: string): number {
      const purged = ctx.store.c2d.purge(deviceId);
      for (const m of purged) feedback(m, 'Purged');
      return purged.length;
    },
    close() {
      clearInterval(expiry);
      clearInterval(lockTimer);
      sessions.events.off('online', onSession);
      sessions.events.off('subscribed', onSession);
    },
  };
}

export type C2dFeature = ReturnType<typeof createC2dFeature>;

// Cloud-to-device messages (spec §3.2, §6): a per-device queue in SQLite, delivered over whatever
// link the device has (MQTT: QoS 1 on `devices/{id}/messages/devicebound/{bag}`, its PUBACK
// completes) or received by HTTPS polling (complete, reject, abandon by lock token). A message
// is locked to one receiver at a time (features/c2d-locks.ts); what a link did not settle is
// delivered again on the next connection.

import { randomUUID } from 'node:crypto';

import { C2D_QUEUE_DEPTH } from '../../src/iothub/limits.ts';
import type { FeedbackRecord, HubContext } from '../context.ts';
import type { C2dDelivery, C2dOutcome, DeliveryTag } from '../link/device-link.ts';
import { RegistryError } from '../registry.ts';
import type { Session, Sessions } from '../sessions.ts';
import type { StoredC2d } from '../store/c2d-store.ts';

import { createC2dLocks, type C2dLock } from './c2d-locks.ts';

export const DEFAULT_TTL_MS = 60 * 60 * 1000; // 1 h (spec §6)
export const MAX_TTL_MS = 48 * 60 * 60 * 1000; // 48 h
/** IoT Hub's default `maxDeliveryCount`: abandoned this often, a message is dead-lettered
 *  (Microsoft Learn, "Send cloud-to-device messages from an IoT hub", "Cloud-to-device
 *  configuration options"). */
export const MAX_DELIVERY_COUNT = 10;

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
  /** `iothub-ack` as the sender set it; absent when it asked for none. */
  ack?: string;
  properties: Record<string, string>;
};

/** The message as links put it on the wire. `ack` is in `system` only when the sender set
 *  `iothub-ack`: IoT Hub does not add `iothub-ack=none` to a message whose sender asked for no
 *  feedback (the Node SDK's e2e test "Service sends a C2D message of maximum size" in
 *  e2etests/test/device_service.js fails on any extra property whose name contains 'a'). */
export const toDelivery = (m: StoredC2d): C2dDelivery => ({
  deviceId: m.deviceId,
  body: m.body,
  system: m.system,
  application: m.properties,
  deliveryCount: m.deliveryCount,
});

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
  const locks = createC2dLocks();
  const live = () => !ctx.store.closed;

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

  /** Removes a message with an outcome (complete = Success, reject = Rejected, ...). */
  function finish(m: StoredC2d, statusCode: FeedbackRecord['statusCode']): void {
    if (ctx.store.c2d.complete(m.seq)) feedback(m, statusCode);
  }

  /** Lock timeouts: a link's delivery is sent again with DUP on the same link (IoT Hub's
   *  1-minute lock, spec §6 [EMU]; real MQTT behaviour UNCONFIRMED); an HTTPS receive's lock
   *  lapses and the message is available again, without counting a delivery (spec §6). */
  function sweepLocks(): void {
    if (!live()) return;
    const now = Date.now();
    const pendingByDevice = new Map<string, Set<number>>();
    const stillQueued = (m: StoredC2d) => {
      let seqs = pendingByDevice.get(m.deviceId);
      if (!seqs) {
        seqs = new Set(ctx.store.c2d.pending(m.deviceId, now).map((p) => p.seq));
        pendingByDevice.set(m.deviceId, seqs);
      }
      return seqs.has(m.seq);
    };
    const lapsed = new Set<string>();
    for (const lock of locks.all()) {
      if (!stillQueued(lock.message)) {
        locks.release(lock); // expired or purged meanwhile
      } else if (now - lock.lockedAt >= lockTimeoutMs) {
        if (lock.holder === undefined) {
          locks.release(lock);
          lapsed.add(lock.message.deviceId);
        } else if (lock.holder.link.deliverC2d(toDelivery(lock.message), lock.tag) !== undefined) {
          lock.lockedAt = now;
        }
      }
    }
    for (const deviceId of lapsed) {
      const session = sessions.get(deviceId);
      if (session) pump(session);
    }
  }

  /** Sends every live, unlocked message to the session's link if it listens for C2D. */
  function pump(session: Session): void {
    if (session.moduleId !== undefined) return; // modules have no C2D queue (spec §3.2)
    const settlement = session.link.receives('c2d');
    if (settlement === undefined || !live()) return;
    const now = Date.now();
    for (const m of ctx.store.c2d.pending(session.deviceId, now)) {
      if (locks.isLocked(m.seq)) continue;
      const tag = session.link.deliverC2d(toDelivery(m));
      if (tag === undefined) return;
      // QoS 0 subscription: fire and forget, complete on send (spec §6 [EMU]).
      if (settlement === 'on-send') finish(m, 'Success');
      else locks.take(m, session, tag, now);
    }
  }

  /** Applies a device's verdict to a locked message (spec §6 life cycle). */
  function settle(lock: C2dLock, outcome: C2dOutcome): void {
    locks.release(lock);
    if (!live()) return;
    const { seq, deviceId } = lock.message;
    if (outcome !== 'abandon') {
      // Complete removes it; reject dead-letters it, which for a queue nobody reads is the same,
      // apart from the feedback each produces.
      finish(lock.message, outcome === 'complete' ? 'Success' : 'Rejected');
      return;
    }
    // Abandon puts it back in the queue and counts a delivery; past maxDeliveryCount it is
    // dead-lettered (spec §6).
    ctx.store.c2d.markDelivered(seq);
    if (lock.message.deliveryCount + 1 >= MAX_DELIVERY_COUNT)
      finish(lock.message, 'DeliveryCountExceeded');
    const session = sessions.get(deviceId);
    if (session) pump(session);
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

  /** A link's device settled delivery `tag` (MQTT: PUBACK = complete). Unknown tags are ignored. */
  function settled(session: Session, tag: DeliveryTag, outcome: C2dOutcome): void {
    const lock = locks.byTag(session, tag);
    if (lock) settle(lock, outcome);
  }

  /** HTTPS receive: the oldest unlocked message, now locked to the returned token, or undefined
   *  when none waits (spec §6; Microsoft Learn, "Send cloud-to-device messages from an IoT hub"). */
  function receive(deviceId: string): { message: StoredC2d; lockToken: string } | undefined {
    if (!live()) return undefined;
    const now = Date.now();
    const m = ctx.store.c2d.pending(deviceId, now).find((p) => !locks.isLocked(p.seq));
    if (!m) return undefined;
    return { message: m, lockToken: locks.take(m, undefined, 0, now).lockToken };
  }

  /** HTTPS complete/reject/abandon by lock token; a token not (or no longer) held for this device
   *  answers DeviceMessageLockLost (412). */
  function settleByToken(deviceId: string, lockToken: string, outcome: C2dOutcome): void {
    const lock = locks.byToken(lockToken);
    if (
      !lock ||
      lock.holder !== undefined ||
      lock.message.deviceId !== deviceId ||
      Date.now() - lock.lockedAt >= lockTimeoutMs
    ) {
      throw new RegistryError(
        'DeviceMessageLockLost',
        `The lock token '${lockToken}' does not hold a message for device '${deviceId}' (settled already, or its lock expired).`,
      );
    }
    settle(lock, outcome);
  }

  const onSession = (session: Session) => pump(session);
  // A link that goes away gives its unsettled messages back to the queue (not counted).
  const onOffline = (session: Session) => {
    for (const lock of locks.heldBy(session)) locks.release(lock);
  };
  sessions.events.on('online', onSession);
  sessions.events.on('subscribed', onSession);
  sessions.events.on('offline', onOffline);
  const expiry = setInterval(() => {
    if (live()) for (const m of ctx.store.c2d.expire(Date.now())) feedback(m, 'Expired');
  }, 10_000);
  expiry.unref();
  const lockTimer = setInterval(sweepLocks, Math.max(50, Math.min(lockTimeoutMs / 4, 5_000)));
  lockTimer.unref();

  return {
    send,
    settled,
    receive,
    settleByToken,
    purge(deviceId: string): number {
      locks.releaseDevice(deviceId);
      const purged = ctx.store.c2d.purge(deviceId);
      for (const m of purged) feedback(m, 'Purged');
      return purged.length;
    },
    close() {
      clearInterval(expiry);
      clearInterval(lockTimer);
      sessions.events.off('online', onSession);
      sessions.events.off('subscribed', onSession);
      sessions.events.off('offline', onOffline);
    },
  };
}

export type C2dFeature = ReturnType<typeof createC2dFeature>;

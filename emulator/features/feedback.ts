// The service-bound C2D feedback queue (Microsoft Learn, "Understand cloud-to-device messaging from
// an IoT hub", "Message feedback"): records are batched into messages whose body is a JSON array,
// content type application/vnd.microsoft.iothub.feedback.json; the service receives them on
// /messages/serviceBound/feedback and settles them like a device settles C2D. The queue's own
// rules there: TTL 1 hour, max delivery count 10, lock 1 minute.
// [EMU] Held in memory (a restart loses undelivered feedback), and a batch closes after
// `batchMs` (default 1 s) or 64 records, where IoT Hub may take longer to batch. A message not
// settled within the lock goes back to the queue (its delivery count already counted).

import { randomUUID } from 'node:crypto';

import type { FeedbackRecord, HubContext } from '../context.ts';

export const FEEDBACK_CONTENT_TYPE = 'application/vnd.microsoft.iothub.feedback.json';
const MAX_RECORDS = 64;
const TTL_MS = 60 * 60 * 1000;
const MAX_DELIVERY_COUNT = 10;
const LOCK_MS = 60 * 1000;

export type FeedbackMessage = {
  id: string;
  body: Buffer;
  enqueuedMs: number;
  deliveryCount: number;
  /** When it was last handed to a receiver (lock start). */
  lockedAt?: number;
};

export function createFeedbackQueue(ctx: HubContext, batchMs = 1000) {
  let open: FeedbackRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  const ready: FeedbackMessage[] = [];
  const inFlight = new Map<string, FeedbackMessage>();
  const listeners = new Set<() => void>();

  const notify = () => {
    for (const l of listeners) l();
  };

  function closeBatch(): void {
    clearTimeout(timer);
    timer = undefined;
    if (open.length === 0) return;
    ready.push({
      id: randomUUID(),
      body: Buffer.from(JSON.stringify(open)),
      enqueuedMs: Date.now(),
      deliveryCount: 0,
    });
    open = [];
    notify();
  }

  /** Locks older than a minute lapse: the message is available again. */
  const sweep = () => {
    const now = Date.now();
    let lapsed = false;
    for (const [id, m] of inFlight) {
      if (now - (m.lockedAt ?? now) < LOCK_MS) continue;
      inFlight.delete(id);
      if (m.deliveryCount < MAX_DELIVERY_COUNT) {
        ready.unshift(m);
        lapsed = true;
      }
    }
    if (lapsed) notify();
  };
  const lockTimer = setInterval(sweep, 5_000);
  lockTimer.unref();

  const onRecord = (record: FeedbackRecord) => {
    open.push(record);
    if (open.length >= MAX_RECORDS) closeBatch();
    else timer ??= setTimeout(closeBatch, batchMs);
  };
  ctx.bus.on('c2dFeedback', onRecord);

  return {
    /** Calls `listener` whenever a message becomes available; returns the unsubscribe. */
    watch(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The oldest live message, now locked to the caller until it settles it. */
    take(): FeedbackMessage | undefined {
      const now = Date.now();
      while (ready.length > 0) {
        const m = ready.shift() as FeedbackMessage;
        if (now - m.enqueuedMs >= TTL_MS) continue;
        m.deliveryCount++;
        m.lockedAt = now;
        inFlight.set(m.id, m);
        return m;
      }
      return undefined;
    },
    /** accepted/rejected remove it; released puts it back unless delivered too often. */
    settle(id: string, outcome: 'accepted' | 'rejected' | 'released'): void {
      const m = inFlight.get(id);
      if (!m) return;
      inFlight.delete(id);
      if (outcome === 'released' && m.deliveryCount < MAX_DELIVERY_COUNT) {
        ready.unshift(m);
        notify();
      }
    },
    close(): void {
      clearTimeout(timer);
      clearInterval(lockTimer);
      ctx.bus.off('c2dFeedback', onRecord);
      listeners.clear();
    },
  };
}

export type FeedbackQueue = ReturnType<typeof createFeedbackQueue>;

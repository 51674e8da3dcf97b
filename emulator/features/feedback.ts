// The service-bound C2D feedback queue (Microsoft Learn, "Understand cloud-to-device messaging from
// an IoT hub", "Message feedback"): records are batched into messages whose body is a JSON array,
// content type application/vnd.microsoft.iothub.feedback.json; the service receives them on
// /messages/serviceBound/feedback and settles them like a device settles C2D. The queue's own
// rules there: TTL 1 hour, max delivery count 10, lock 1 minute.
// [EMU] Held in memory (a restart loses undelivered feedback), and a batch closes after
// `batchMs` (default 1 s) or 64 records, where IoT Hub may take longer to batch. A message not
// settled within the lock goes back to the queue (its delivery count already counted).

import { randomUUID } from 'node:crypto';

import type { HubContext, HubEvents } from '../context.ts';

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

/** What a service-bound queue collects: records of one bus event, batched into messages. */
type QueueSource<E extends 'c2dFeedback' | 'fileUploaded'> = {
  event: E;
  maxRecords: number;
  /** The message body of a batch. */
  body: (records: HubEvents[E][0][]) => Buffer;
  /** Delivery attempts before a message is dropped. */
  maxDeliveryCount: number;
};

const FEEDBACK_SOURCE: QueueSource<'c2dFeedback'> = {
  event: 'c2dFeedback',
  maxRecords: MAX_RECORDS,
  body: (records) => Buffer.from(JSON.stringify(records)),
  maxDeliveryCount: MAX_DELIVERY_COUNT,
};

export function createFeedbackQueue(ctx: HubContext, batchMs = 1000) {
  return createServiceBoundQueue(ctx, batchMs, FEEDBACK_SOURCE);
}

/** The file upload notification queue (Microsoft Learn, "Upload files with IoT Hub", "File upload
 *  notifications"): one notification per message, delivered at once; max delivery count 100. */
export function createFileNotificationQueue(ctx: HubContext) {
  return createServiceBoundQueue(ctx, 0, {
    event: 'fileUploaded',
    maxRecords: 1,
    body: (records) => Buffer.from(JSON.stringify(records[0])),
    maxDeliveryCount: 100,
  });
}

function createServiceBoundQueue<E extends 'c2dFeedback' | 'fileUploaded'>(
  ctx: HubContext,
  batchMs: number,
  source: QueueSource<E>,
) {
  type Item = HubEvents[E][0];
  let open: Item[] = [];
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
      body: source.body(open),
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
      if (m.deliveryCount < source.maxDeliveryCount) {
        ready.unshift(m);
        lapsed = true;
      }
    }
    if (lapsed) notify();
  };
  const lockTimer = setInterval(sweep, 5_000);
  lockTimer.unref();

  const onRecord = (record: Item) => {
    open.push(record);
    if (open.length >= source.maxRecords) closeBatch();
    else timer ??= setTimeout(closeBatch, batchMs);
  };
  const bus = ctx.bus as unknown as {
    on(e: E, l: (r: Item) => void): void;
    off(e: E, l: (r: Item) => void): void;
  };
  bus.on(source.event, onRecord);

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
      if (outcome === 'released' && m.deliveryCount < source.maxDeliveryCount) {
        ready.unshift(m);
        notify();
      }
    },
    close(): void {
      clearTimeout(timer);
      clearInterval(lockTimer);
      bus.off(source.event, onRecord);
      listeners.clear();
    },
  };
}

export type FeedbackQueue = ReturnType<typeof createFeedbackQueue>;
export type FileNotificationQueue = ReturnType<typeof createFileNotificationQueue>;

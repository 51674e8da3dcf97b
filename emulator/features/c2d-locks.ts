// Who holds which C2D message (Microsoft Learn, "Send cloud-to-device messages from an IoT hub",
// section "The cloud-to-device message life cycle": a delivered message is Invisible, locked to
// its receiver, until completed, rejected, abandoned or its lock times out). One table for the
// whole hub, so a message is delivered to one receiver at a time whichever transport asks.

import { randomUUID } from 'node:crypto';

import type { DeliveryTag } from '../link/device-link.ts';
import type { Session } from '../sessions.ts';
import type { StoredC2d } from '../store/c2d-store.ts';

export type C2dLock = {
  message: StoredC2d;
  /** The link's session that holds it, or undefined for an HTTPS receive (no connection). */
  holder: Session | undefined;
  tag: DeliveryTag;
  /** The lock token an HTTPS device settles with (its ETag). */
  lockToken: string;
  lockedAt: number;
};

export function createC2dLocks() {
  const bySeq = new Map<number, C2dLock>();
  const byToken = new Map<string, C2dLock>();
  const drop = (lock: C2dLock) => {
    bySeq.delete(lock.message.seq);
    byToken.delete(lock.lockToken);
  };
  return {
    isLocked: (seq: number) => bySeq.has(seq),
    take(message: StoredC2d, holder: Session | undefined, tag: DeliveryTag, now: number): C2dLock {
      const lock = { message, holder, tag, lockToken: randomUUID(), lockedAt: now };
      bySeq.set(message.seq, lock);
      byToken.set(lock.lockToken, lock);
      return lock;
    },
    byTag(holder: Session, tag: DeliveryTag): C2dLock | undefined {
      for (const lock of bySeq.values())
        if (lock.holder === holder && lock.tag === tag) return lock;
      return undefined;
    },
    byToken: (token: string) => byToken.get(token),
    heldBy: (holder: Session) => [...bySeq.values()].filter((l) => l.holder === holder),
    all: () => [...bySeq.values()],
    release: drop,
    releaseDevice(deviceId: string): void {
      for (const lock of [...bySeq.values()]) if (lock.message.deviceId === deviceId) drop(lock);
    },
  };
}

export type C2dLocks = ReturnType<typeof createC2dLocks>;

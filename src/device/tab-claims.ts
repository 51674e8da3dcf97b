/**
 * Tabs of one browser coordinate who holds an identity (issue 7, bug 4): IoT Hub keeps one
 * connection per device and drops the older one (spec §1.10, error 400027), so two tabs on one
 * device would kick each other. The tab where the user clicked Connect posts a claim; any other
 * tab of the same origin holding that identity stops at once instead of reconnecting. Between
 * browsers or machines there is no channel: the flap detector handles those (flap-detector.ts).
 */
export type Claim = { type: 'claim'; identity: string; tab: string; at: number };

export type ClaimBus = {
  post: (claim: Claim) => void;
  listen: (handler: (claim: Claim) => void) => () => void;
  close: () => void;
};

export const CLAIM_CHANNEL = 'iothub-console-claims';

/** The identity a claim is about: the hub host (case-insensitive), device and module. */
export function identityKey(hostName: string, deviceId: string, moduleId?: string): string {
  return `${hostName.toLowerCase()}/${deviceId}/${moduleId ?? ''}`;
}

/** A BroadcastChannel bus (same origin, every tab and worker), or undefined where there is none. */
export function broadcastClaimBus(name = CLAIM_CHANNEL): ClaimBus | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  const channel = new BroadcastChannel(name);
  return {
    post: (claim) => channel.postMessage(claim),
    listen: (handler) => {
      const listener = (e: MessageEvent) => {
        const c = e.data as Partial<Claim> | null;
        if (c?.type === 'claim' && typeof c.identity === 'string' && typeof c.tab === 'string')
          handler(c as Claim);
      };
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    },
    close: () => channel.close(),
  };
}

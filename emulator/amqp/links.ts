// What the AMQP server keeps per connection and per link: the claims put on `$cbs`, and a
// handler for each attached link. Request/response nodes ($cbs, $management) answer on the
// client's receiver link whose target is the request's reply-to.

import type { X509Certificate } from 'node:crypto';

import type { Connection, Delivery, EventContext, Receiver, Sender } from 'rhea';

import type { LinkTransport } from '../link/device-link.ts';
import type { Session } from '../sessions.ts';

import type { Claim } from './claims.ts';

export type Outcome = 'accepted' | 'rejected' | 'released' | 'modified';

export type LinkHandler = {
  /** Checked when the link attaches and whenever a claim expires; false detaches it. */
  authorized?: () => boolean;
  onMessage?: (ctx: EventContext) => void;
  onSendable?: () => void;
  onOutcome?: (delivery: Delivery, outcome: Outcome) => void;
  onClose?: () => void;
};

export type ConnectionState = {
  connection: Connection;
  claims: Claim[];
  handlers: Map<Sender | Receiver, LinkHandler>;
  /** `$cbs` and `$management` reply links by their target (the client's reply-to). */
  replyLinks: Map<string, Sender>;
  expiryTimer?: NodeJS.Timeout;
  transport: LinkTransport;
  remoteAddress: string | null;
  /** The TLS client certificate chain, leaf first: an X.509 device needs no CBS token. */
  certificates?: X509Certificate[];
  /** Device identities speaking on this connection (amqp/device-links.ts), by identity key. */
  devices: Map<string, { session: Session }>;
  /** Run once when the connection ends. */
  cleanups: (() => void)[];
  /** The `$cbs` request link (the client's sender), for the KillAmqpCBSLinkReq fault. */
  cbsRequests?: Receiver;
};

export const amqpError = (condition: string, description: string) => ({ condition, description });

/** Live (unexpired) claims of a connection. */
export function liveClaims(state: ConnectionState, nowSeconds: number): Claim[] {
  return state.claims.filter((c) => c.expiresAt > nowSeconds);
}

/** The attach frame the peer sent (rhea keeps it on `link.remote`, outside its typings). */
export type RemoteAttach = {
  source?: { address?: string; filter?: unknown };
  target?: { address?: string };
  snd_settle_mode?: number;
  properties?: Record<string, unknown>;
};

export const remoteAttach = (link: Sender | Receiver): RemoteAttach =>
  (link as unknown as { remote: { attach?: RemoteAttach } }).remote.attach ?? {};

/** Echoes the peer's terminus and settle mode in our attach (sent on the next tick). */
export function echoAttach(link: Sender | Receiver): void {
  const remote = remoteAttach(link);
  link.set_source((remote.source ?? {}) as Parameters<Sender['set_source']>[0]);
  link.set_target((remote.target ?? {}) as Parameters<Sender['set_target']>[0]);
  const local = (link as unknown as { local: { attach: { snd_settle_mode?: number } } }).local;
  if (remote.snd_settle_mode !== undefined) local.attach.snd_settle_mode = remote.snd_settle_mode;
}

// The `$cbs` node: put-token requests in, status replies out (Microsoft Learn, "Communicate with
// your IoT hub by using the AMQP Protocol", "Service client": the reply carries `status-code` and
// `status-description` and correlates by the request's message-id; the Node SDKs treat any status
// other than 200 as Unauthorized).

import type { EventContext, Message } from 'rhea';

import { identityKey, type HubContext } from '../context.ts';

import { claimFor, isClaim } from './claims.ts';
import type { ConnectionState } from './links.ts';
import { bodyText } from './message.ts';

export type Reply = {
  to: string | undefined;
  correlationId: unknown;
  status: number;
  description: string;
  body?: unknown;
};

/** Sends a reply on the connection's reply link for `to` (or its only one). */
export function sendReply(state: ConnectionState, reply: Reply, node: string): void {
  const link =
    (reply.to !== undefined ? state.replyLinks.get(`${node}|${reply.to}`) : undefined) ??
    [...state.replyLinks.entries()].find(([k]) => k.startsWith(`${node}|`))?.[1];
  if (!link || !link.is_open()) return;
  link.send({
    ...(reply.to !== undefined ? { to: reply.to } : {}),
    correlation_id: reply.correlationId as string,
    application_properties: {
      'status-code': reply.status,
      'status-description': reply.description,
    },
    body: reply.body ?? null,
  } as Message);
}

export function cbsRequestHandler(
  ctx: HubContext,
  state: ConnectionState,
  onClaim: () => void,
): (e: EventContext) => void {
  return (e) => {
    const message = e.message;
    e.delivery?.accept();
    if (!message) return;
    const props = (message.application_properties ?? {}) as Record<string, unknown>;
    const replyTo = message.reply_to;
    const correlationId = message.message_id ?? message.correlation_id;
    const answer = (status: number, description: string) =>
      sendReply(state, { to: replyTo, correlationId, status, description }, '$cbs');
    if (props.operation !== 'put-token') {
      answer(400, `Unsupported $cbs operation '${String(props.operation)}' (only put-token)`);
      return;
    }
    const audience = typeof props.name === 'string' ? props.name : undefined;
    claimFor(ctx, audience, bodyText(message)).then(
      (result) => {
        if (!isClaim(result)) {
          ctx.log(`amqp: put-token for '${audience ?? ''}' refused: ${result.description}`);
          answer(result.status, result.description);
          return;
        }
        // A renewal replaces the claim for the same audience (Node re-puts before expiry).
        state.claims = state.claims.filter((c) => c.audience !== result.audience);
        state.claims.push(result);
        if (result.kind === 'device') {
          // A renewed device token moves the session's expiry (sessions.ts closes at `se`).
          const { deviceId, moduleId } = result.auth.identity.record;
          const device = state.devices.get(identityKey(deviceId, moduleId));
          if (device) device.session.auth = result.auth;
        }
        onClaim();
        answer(200, 'OK');
      },
      (error: unknown) => answer(500, `put-token failed: ${String(error)}`),
    );
  };
}

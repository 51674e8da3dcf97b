// The built-in endpoint's `$management` node: the READ requests @azure/event-hubs makes for
// getEventHubProperties and getPartitionProperties (Event Hubs AMQP management, as documented
// with the Event Hubs runtime-information operations: application properties `operation` READ,
// `type` com.microsoft:eventhub | com.microsoft:partition, `name`, `partition`; the reply body is
// an AMQP map, `status-code` 200).

import rhea, { type EventContext } from 'rhea';

import type { HubContext } from '../context.ts';
import { nowSeconds } from '../time.ts';

import { sendReply } from './cbs.ts';
import { claimFor, isClaim } from './claims.ts';
import type { EventHubInfo } from './event-hubs.ts';
import { liveClaims, type ConnectionState, type LinkHandler } from './links.ts';
import { partitionIds, partitionOf } from './partitions.ts';

function partitionInfo(ctx: HubContext, hub: EventHubInfo, partition: number) {
  let first = Infinity;
  let last = -1;
  let lastMs = 0;
  for (const span of ctx.store.events.spans()) {
    if (partitionOf(span.deviceId, hub.partitionCount) !== partition) continue;
    first = Math.min(first, span.first);
    last = Math.max(last, span.last);
    lastMs = Math.max(lastMs, span.lastEnqueuedMs);
  }
  const empty = last < 0;
  return {
    name: hub.name,
    type: 'com.microsoft:partition',
    partition: String(partition),
    begin_sequence_number: rhea.types.wrap_long(empty ? -1 : first),
    last_enqueued_sequence_number: rhea.types.wrap_long(last),
    last_enqueued_offset: String(last),
    last_enqueued_time_utc: new Date(empty ? 0 : lastMs),
    is_partition_empty: empty,
  };
}

export function managementLink(
  ctx: HubContext,
  hub: EventHubInfo,
  state: ConnectionState,
): LinkHandler {
  return {
    onMessage: (e: EventContext) => {
      e.delivery?.accept();
      const message = e.message;
      if (!message) return;
      const props = (message.application_properties ?? {}) as Record<string, unknown>;
      const reply = (status: number, description: string, body?: unknown) =>
        sendReply(
          state,
          {
            to: message.reply_to,
            correlationId: message.message_id ?? message.correlation_id,
            status,
            description,
            ...(body !== undefined ? { body } : {}),
          },
          '$management',
        );
      const answer = () => {
        if (String(props.operation) !== 'READ')
          return reply(400, `Unsupported operation '${String(props.operation)}'`);
        if (String(props.name).toLowerCase() !== hub.name.toLowerCase())
          return reply(404, `No event hub '${String(props.name)}' here; it is '${hub.name}'`);
        if (props.type === 'com.microsoft:eventhub')
          return reply(200, 'OK', {
            name: hub.name,
            type: 'com.microsoft:eventhub',
            created_at: new Date(hub.createdMs),
            partition_count: hub.partitionCount,
            partition_ids: partitionIds(hub.partitionCount),
          });
        if (props.type === 'com.microsoft:partition') {
          const p = String(props.partition);
          if (!/^\d+$/.test(p) || Number(p) >= hub.partitionCount)
            return reply(400, `Partition '${p}' does not exist`);
          return reply(200, 'OK', partitionInfo(ctx, hub, Number(p)));
        }
        return reply(400, `Unsupported type '${String(props.type)}'`);
      };
      if (liveClaims(state, nowSeconds()).some((c) => c.kind === 'service')) {
        answer();
        return;
      }
      // No put-token on this connection: the request's own security_token must do.
      const token = typeof props.security_token === 'string' ? props.security_token : undefined;
      claimFor(ctx, `sb://${ctx.hostName}/${hub.name}/$management`, token).then(
        (claim) => {
          if (isClaim(claim) && claim.kind === 'service') answer();
          else
            reply(401, isClaim(claim) ? 'A device token cannot read the hub' : claim.description);
        },
        (error: unknown) => reply(500, String(error)),
      );
    },
  };
}

// The service-facing AMQP links (Microsoft Learn, "Communicate with your IoT hub by using the AMQP
// Protocol", "Service client"): C2D sends on /messages/devicebound, each message addressed by its
// `to` (/devices/{id}/messages/devicebound), into the same per-device queue MQTT devices read
// (features/c2d.ts); the feedback receiver on /messages/serviceBound/feedback, and the file
// upload notification receiver on /messages/serviceBound/filenotifications (same queue rules).

import type { Delivery, EventContext, Message, Receiver, Sender } from 'rhea';

import { MAX_C2D_BYTES } from '../../src/iothub/limits.ts';
import type { HubContext } from '../context.ts';
import { MAX_TTL_MS, type C2dFeature } from '../features/c2d.ts';
import {
  FEEDBACK_CONTENT_TYPE,
  type FeedbackQueue,
  type FileNotificationQueue,
} from '../features/feedback.ts';
import { RegistryError } from '../registry.ts';
import { nowSeconds } from '../time.ts';

import { c2dTarget } from './addresses.ts';
import { amqpError, liveClaims, type ConnectionState, type LinkHandler } from './links.ts';
import { bodyBytes, dataBody, idText, stringProperties } from './message.ts';

const ACKS = ['none', 'positive', 'negative', 'full'];

/** True while the connection holds a live service (policy) claim. */
export const hasServiceClaim = (state: ConnectionState) => () =>
  liveClaims(state, nowSeconds()).some((c) => c.kind === 'service');

/** Validates and enqueues one service C2D message; throws an AMQP error on bad input. */
function enqueue(ctx: HubContext, c2d: C2dFeature, message: Message): void {
  const deviceId = c2dTarget(message.to);
  if (deviceId === undefined)
    throw amqpError(
      'amqp:invalid-field',
      `'to' must be /devices/{deviceId}/messages/devicebound, got '${String(message.to)}'`,
    );
  const device = ctx.store.registry.get(deviceId);
  if (!device) throw amqpError('amqp:not-found', `Device '${deviceId}' is not registered`);
  const body = bodyBytes(message);
  if (body.length > MAX_C2D_BYTES)
    throw amqpError(
      'amqp:link:message-size-exceeded',
      `The message is ${body.length} bytes; IoT Hub's C2D limit is ${MAX_C2D_BYTES}`,
    );
  const app = (message.application_properties ?? {}) as Record<string, unknown>;
  const ack = app['iothub-ack'] === undefined ? undefined : String(app['iothub-ack'] as string);
  if (ack !== undefined && !ACKS.includes(ack))
    throw amqpError('amqp:invalid-field', 'iothub-ack must be none, positive, negative or full');
  const expiry = message.absolute_expiry_time;
  const expiryMs = expiry instanceof Date ? expiry.getTime() : undefined;
  if (expiryMs !== undefined && expiryMs - Date.now() > MAX_TTL_MS)
    throw amqpError('amqp:invalid-field', 'absolute-expiry-time is more than 48 hours away');
  const text = (v: unknown) => idText(v);
  const opt = (k: string, v: string | undefined) => (v !== undefined ? { [k]: v } : {});
  c2d.send({
    deviceId,
    body,
    properties: stringProperties(app, ['iothub-ack']),
    ...opt('messageId', text(message.message_id)),
    ...opt('correlationId', text(message.correlation_id)),
    ...opt('userId', text(message.user_id)),
    ...opt('contentType', message.content_type),
    ...opt('contentEncoding', message.content_encoding),
    ...opt('ack', ack),
    ...(expiryMs !== undefined ? { expiryMs } : {}),
  });
}

export function c2dSendLink(
  ctx: HubContext,
  c2d: C2dFeature,
  state: ConnectionState,
  _link: Receiver,
): LinkHandler {
  return {
    authorized: hasServiceClaim(state),
    onMessage: (e: EventContext) => {
      const delivery = e.delivery as Delivery;
      try {
        if (!e.message) throw amqpError('amqp:decode-error', 'No message');
        enqueue(ctx, c2d, e.message);
        delivery.accept();
      } catch (error) {
        // Expired messages are simply dropped by IoT Hub; everything else is refused, nothing lost.
        if (error instanceof RegistryError) {
          delivery.reject(
            amqpError(
              error.hubError === 'DeviceMaximumQueueDepthExceeded'
                ? 'amqp:resource-limit-exceeded'
                : 'amqp:invalid-field',
              error.message,
            ),
          );
        } else if (error && typeof error === 'object' && 'condition' in error) {
          delivery.reject(error as { condition: string; description: string });
        } else {
          delivery.reject(amqpError('amqp:internal-error', String(error)));
        }
      }
    },
  };
}

export function feedbackLink(
  ctx: HubContext,
  queue: FeedbackQueue | FileNotificationQueue,
  state: ConnectionState,
  link: Sender,
  contentType = FEEDBACK_CONTENT_TYPE,
): LinkHandler {
  const locked = new Map<Delivery, string>();
  const pump = () => {
    while (link.is_open() && link.sendable()) {
      const m = queue.take();
      if (!m) return;
      const delivery = link.send({
        message_id: m.id,
        content_type: contentType,
        user_id: ctx.hostName.split('.')[0] ?? ctx.hostName,
        creation_time: new Date(m.enqueuedMs),
        message_annotations: { 'iothub-deliverycount': m.deliveryCount - 1 },
        body: dataBody(m.body),
      });
      locked.set(delivery, m.id);
    }
  };
  const unwatch = queue.watch(pump);
  return {
    authorized: hasServiceClaim(state),
    onSendable: pump,
    onOutcome: (delivery, outcome) => {
      const id = locked.get(delivery);
      if (id === undefined) return;
      locked.delete(delivery);
      queue.settle(id, outcome === 'modified' ? 'released' : outcome);
    },
    onClose: () => {
      unwatch();
      for (const id of locked.values()) queue.settle(id, 'released');
      locked.clear();
    },
  };
}

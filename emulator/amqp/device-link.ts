// The AMQP DeviceLink (link/device-link.ts): one identity on one AMQP connection, whose channels
// are the links the device attached (Microsoft Learn, "Communicate with your IoT hub by using the
// AMQP Protocol", "Device client"): C2D on /devices/{id}/messages/devicebound (unsettled, the
// device accepts = complete, rejects = reject, releases = abandon; "Send cloud-to-device messages
// from an IoT hub", "The cloud-to-device message life cycle"), twin replies and desired patches on
// its twin receiver link, method requests on its methods receiver link.

import { randomUUID } from 'node:crypto';

import rhea, { type Connection, type Delivery, type Receiver, type Sender } from 'rhea';

import type {
  C2dDelivery,
  C2dOutcome,
  DeliveryTag,
  DeviceLink,
  LinkChannel,
  LinkTransport,
  Settlement,
} from '../link/device-link.ts';
import type { ConnectionReason } from '../store/connections-store.ts';

import { amqpError, type Outcome } from './links.ts';
import { dataBody } from './message.ts';

export type AmqpDeviceLink = DeviceLink & {
  c2d?: Sender;
  twin?: Sender;
  methods?: Sender;
  /** The device's sending links (telemetry, twin requests, method replies), for link faults. */
  receivers: { d2c?: Receiver; twin?: Receiver; methods?: Receiver };
  /** The connection's `$cbs` links, for the CBS link faults. */
  cbs: () => { requests?: Receiver; replies?: Sender };
  desired: boolean;
  /** The twin request a rid stands for: its correlation-id as the device sent it. */
  twinRequests: Map<string, unknown>;
  /** Method request correlation-id (a GUID, as C# devices require) → the hub's rid. */
  methodCalls: Map<string, string>;
  /** A settled C2D delivery: the tag the hub knows it by and what the device decided. */
  settled(
    delivery: Delivery,
    outcome: Outcome,
  ): { tag: DeliveryTag; outcome: C2dOutcome } | undefined;
  /** Unsettled deliveries go back (the C2D link detached). */
  dropC2d(): DeliveryTag[];
};

/** Why the hub ends a device's connection, as an AMQP error (Node SDK error translation:
 *  unauthorized-access → UnauthorizedError; detach-forced → retried). */
function closeError(reason: ConnectionReason, detail: string) {
  if (reason === 'token-expired' || reason === 'identity-disabled' || reason === 'identity-deleted')
    return amqpError('amqp:unauthorized-access', detail);
  return amqpError('amqp:connection:forced', detail);
}

const OUTCOMES: Record<Outcome, C2dOutcome> = {
  accepted: 'complete',
  rejected: 'reject',
  released: 'abandon',
  // IoT Hub's handling of `modified` is not documented; treated as abandon [EMU].
  modified: 'abandon',
};

export function createAmqpDeviceLink(
  connection: Connection,
  transport: LinkTransport,
  remoteAddress: string | null,
): AmqpDeviceLink {
  const byDelivery = new Map<Delivery, DeliveryTag>();
  let nextTag = 1;
  const usable = (s: Sender | undefined): s is Sender => s !== undefined && s.is_open();

  const link: AmqpDeviceLink = {
    transport,
    remoteAddress,
    desired: false,
    receivers: {},
    cbs: () => ({}),
    twinRequests: new Map(),
    methodCalls: new Map(),
    get open() {
      return connection.is_open();
    },
    receives(channel: LinkChannel): Settlement | undefined {
      if (channel === 'c2d') return usable(link.c2d) ? 'by-device' : undefined;
      if (channel === 'twin-responses') return usable(link.twin) ? 'on-send' : undefined;
      if (channel === 'twin-desired')
        return link.desired && usable(link.twin) ? 'on-send' : undefined;
      if (channel === 'methods') return usable(link.methods) ? 'on-send' : undefined;
      return undefined;
    },
    subscriptions(): string[] {
      return [link.c2d, link.twin, link.methods]
        .filter(usable)
        .map(
          (s) =>
            (s as unknown as { remote: { attach?: { source?: { address?: string } } } }).remote
              .attach?.source?.address ?? '',
        );
    },
    deliverC2d(m: C2dDelivery, redeliver?: DeliveryTag): DeliveryTag | undefined {
      const sender = link.c2d;
      if (!usable(sender) || !sender.sendable()) return undefined;
      const s = m.system;
      const opt = (k: string, v: unknown) => (v !== undefined ? { [k]: v } : {});
      const application =
        s.ack !== undefined ? { 'iothub-ack': s.ack, ...m.application } : m.application;
      const tag = redeliver ?? nextTag++;
      // The delivery tag is the message's lock token, a GUID (Microsoft Learn, "Communicate with
      // your IoT hub by using the AMQP Protocol", "Receive cloud-to-device messages").
      const lockToken = randomUUID();
      const delivery = sender.send(
        {
          ...opt('message_id', s.messageId),
          ...opt('to', s.to),
          ...opt('correlation_id', s.correlationId),
          ...opt('user_id', s.userId !== undefined ? Buffer.from(s.userId) : undefined),
          ...opt('content_type', s.contentType),
          ...opt('content_encoding', s.contentEncoding),
          ...opt(
            'absolute_expiry_time',
            s.expiryTimeUtc !== undefined ? new Date(s.expiryTimeUtc) : undefined,
          ),
          application_properties: application,
          message_annotations: {
            'iothub-deliverycount': rhea.types.wrap_ubyte(Math.min(255, m.deliveryCount)),
            'x-opt-lock-token': rhea.types.wrap_uuid(rhea.string_to_uuid(lockToken)),
          },
          body: dataBody(m.body),
        },
        rhea.string_to_uuid(lockToken),
      );
      byDelivery.set(delivery, tag);
      return tag;
    },
    settled(delivery, outcome) {
      const tag = byDelivery.get(delivery);
      if (tag === undefined) return undefined;
      byDelivery.delete(delivery);
      return { tag, outcome: OUTCOMES[outcome] };
    },
    dropC2d() {
      const tags = [...byDelivery.values()];
      byDelivery.clear();
      return tags;
    },
    twinResponse(rid, status, body, version) {
      const correlationId = link.twinRequests.get(rid);
      link.twinRequests.delete(rid);
      if (!usable(link.twin)) return;
      link.twin.send({
        correlation_id: correlationId as string,
        message_annotations: {
          status: rhea.types.wrap_int(status),
          ...(version !== undefined ? { version: rhea.types.wrap_long(version) } : {}),
        },
        body: dataBody(Buffer.from(body)),
      });
    },
    desiredPatch(_version, body) {
      // A desired push is told from a reply by having no correlation-id (Node SDK twin client).
      if (usable(link.twin) && link.desired) link.twin.send({ body: dataBody(Buffer.from(body)) });
    },
    methodRequest(methodName, rid, body) {
      if (!usable(link.methods)) return;
      const correlationId = randomUUID();
      link.methodCalls.set(correlationId, rid);
      link.methods.send({
        correlation_id: rhea.types.wrap_uuid(rhea.string_to_uuid(correlationId)) as never,
        application_properties: { 'IoThub-methodname': methodName },
        body: dataBody(Buffer.from(body)),
      });
    },
    close(reason, detail) {
      if (connection.is_open()) connection.close(closeError(reason, detail));
    },
    canInjectFault: (type) =>
      type === 'KillTcp' || type.startsWith('KillAmqp') || type === 'ShutDownAmqp',
    injectFault(type) {
      if (!connection.is_open()) return;
      const error = amqpError('amqp:connection:forced', `Fault injected: ${type}`);
      const detach = (l: Sender | Receiver | undefined) => {
        if (l?.is_open()) l.close(amqpError('amqp:link:detach-forced', `Fault injected: ${type}`));
      };
      const cbs = link.cbs();
      switch (type) {
        case 'KillTcp': {
          const socket = (
            connection as unknown as { socket?: { destroy(): void; resetAndDestroy?(): void } }
          ).socket;
          try {
            if (socket?.resetAndDestroy) socket.resetAndDestroy();
            else socket?.destroy();
          } catch {
            socket?.destroy(); // a TLS socket cannot be reset; destroyed without close_notify
          }
          return;
        }
        case 'ShutDownAmqp':
          connection.close();
          return;
        case 'KillAmqpConnection':
          connection.close(error);
          return;
        case 'KillAmqpSession': {
          const any = [link.c2d, link.twin, link.methods, ...Object.values(link.receivers)].find(
            (l) => l?.is_open(),
          );
          (any as unknown as { session?: { end(e: unknown): void } } | undefined)?.session?.end(
            amqpError('amqp:session:unattached-handle', `Fault injected: ${type}`),
          );
          return;
        }
        case 'KillAmqpCBSLinkReq':
          return detach(cbs.requests);
        case 'KillAmqpCBSLinkResp':
          return detach(cbs.replies);
        case 'KillAmqpD2CLink':
          return detach(link.receivers.d2c);
        case 'KillAmqpC2DLink':
          return detach(link.c2d);
        case 'KillAmqpTwinLinkReq':
          return detach(link.receivers.twin);
        case 'KillAmqpTwinLinkResp':
          return detach(link.twin);
        case 'KillAmqpMethodReqLink':
          return detach(link.methods);
        case 'KillAmqpMethodRespLink':
          return detach(link.receivers.methods);
        default:
          return;
      }
    },
  };
  return link;
}

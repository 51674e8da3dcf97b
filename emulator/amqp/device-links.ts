// Device-side AMQP links (Microsoft Learn, "Communicate with your IoT hub by using the AMQP
// Protocol", "Device client"): telemetry sent on /devices/{id}[/modules/{m}]/messages/events, C2D
// received on /devices/{id}/messages/devicebound, the twin pair on …/twin and the methods pair on
// …/methods/devicebound. The identity comes from a device token put on $cbs; the first device
// link of an identity opens its session (sessions.ts), the end of the connection closes it.

import type { Delivery, EventContext, Message, Receiver, Sender } from 'rhea';

import type { MessageProperties, SystemPropertyName } from '../../src/iothub/property-bag.ts';
import { identityKey, type HubContext } from '../context.ts';
import { FaultError } from '../features/faults.ts';
import { isTooLarge, telemetryEvent } from '../features/telemetry.ts';
import type { DeviceInbound } from '../link/device-inbound.ts';
import type { Session, Sessions } from '../sessions.ts';
import { nowSeconds } from '../time.ts';
import { authenticateX509 } from '../x509/authenticate.ts';

import type { AmqpAddress } from './addresses.ts';
import { createAmqpDeviceLink, type AmqpDeviceLink } from './device-link.ts';
import { amqpError, liveClaims, type ConnectionState, type LinkHandler } from './links.ts';
import { bodyBytes, idText, stringProperties } from './message.ts';

type DeviceAddress = Extract<
  AmqpAddress,
  { kind: 'device-events' | 'device-c2d' | 'device-twin' | 'device-methods' }
>;
type Device = { link: AmqpDeviceLink; session: Session };
export type DeviceDeps = { ctx: HubContext; sessions: Sessions; inbound: DeviceInbound };

/** Application properties that are system properties to IoT Hub (Azure IoT Edge hub's AMQP
 *  message converter reads the same names). */
const APP_SYSTEM: Record<string, SystemPropertyName> = {
  'iothub-creation-time-utc': 'creationTimeUtc',
  'iothub-outputname': 'outputName',
  'iothub-message-schema': 'messageSchema',
};

/** An AMQP telemetry message as IoT Hub's property model (Microsoft Learn, "Create and read IoT
 *  Hub messages", system properties table). */
export function telemetryProperties(m: Message): MessageProperties {
  const system: MessageProperties['system'] = {};
  const put = (k: SystemPropertyName, v: unknown) => {
    const text = v instanceof Date ? v.toISOString() : idText(v);
    if (text !== undefined) system[k] = text;
  };
  put('messageId', m.message_id);
  put('correlationId', m.correlation_id);
  put('userId', m.user_id);
  put('to', m.to);
  put('contentType', m.content_type);
  put('contentEncoding', m.content_encoding);
  put('expiryTimeUtc', m.absolute_expiry_time);
  const annotations = (m.message_annotations ?? {}) as Record<string, unknown>;
  put('componentName', annotations['dt-subject']);
  put('interfaceId', annotations['iothub-interface-id']);
  const app = (m.application_properties ?? {}) as Record<string, unknown>;
  for (const [name, field] of Object.entries(APP_SYSTEM)) put(field, app[name]);
  return { system, application: stringProperties(app, Object.keys(APP_SYSTEM)) };
}

export function createDeviceLinks(deps: DeviceDeps) {
  const { ctx, sessions, inbound } = deps;

  /** The device on this connection for the address's identity, opened on first use. */
  function deviceFor(state: ConnectionState, a: DeviceAddress): Device | string {
    const key = identityKey(a.deviceId, a.moduleId);
    let claim = liveClaims(state, nowSeconds()).find(
      (c) =>
        c.kind === 'device' &&
        identityKey(c.auth.identity.record.deviceId, c.auth.identity.record.moduleId) === key,
    );
    if (!claim && state.certificates) {
      // An X.509 device puts no token on $cbs: its TLS client certificate is its claim
      // (Microsoft Learn, "Communicate with your IoT hub by using the AMQP Protocol").
      const x509 = authenticateX509(ctx, a, state.certificates);
      if (!x509.ok) return x509.error.detail;
      claim = { kind: 'device', audience: key, auth: x509.value, expiresAt: x509.value.expiresAt };
      state.claims.push(claim);
    }
    if (!claim || claim.kind !== 'device')
      return `No valid token on $cbs for '${key}' (put-token for ${ctx.hostName}/devices/${a.deviceId}${a.moduleId ? `/modules/${a.moduleId}` : ''} first)`;
    const existing = state.devices.get(key) as Device | undefined;
    if (existing && sessions.get(a.deviceId, a.moduleId) === existing.session) {
      existing.session.auth = claim.auth; // a renewed token moves the expiry
      return existing;
    }
    const link = createAmqpDeviceLink(state.connection, state.transport, state.remoteAddress);
    link.cbs = () => ({
      ...(state.cbsRequests ? { requests: state.cbsRequests } : {}),
      ...([...state.replyLinks].find(([k]) => k.startsWith('$cbs|'))?.[1]
        ? { replies: [...state.replyLinks].find(([k]) => k.startsWith('$cbs|'))?.[1] as Sender }
        : {}),
    });
    const device = { link, session: sessions.open(link, claim.auth) };
    state.devices.set(key, device);
    state.cleanups.push(() => sessions.gone(device.session));
    return device;
  }

  const authorizedFor = (state: ConnectionState, device: Device) => () =>
    sessions.get(device.session.deviceId, device.session.moduleId) === device.session &&
    liveClaims(state, nowSeconds()).some(
      (c) =>
        c.kind === 'device' &&
        identityKey(c.auth.identity.record.deviceId, c.auth.identity.record.moduleId) ===
          device.session.clientId,
    );

  function telemetryLink(device: Device, receiver: Receiver): LinkHandler {
    device.link.receivers.d2c = receiver;
    return {
      onMessage: (e: EventContext) => {
        const delivery = e.delivery as Delivery;
        const message = e.message as Message;
        const payload = bodyBytes(message);
        const props = telemetryProperties(message);
        if (isTooLarge(payload, props)) {
          delivery.reject(
            amqpError('amqp:link:message-size-exceeded', 'Telemetry message larger than 256 KB'),
          );
          return;
        }
        inbound.telemetry.record(telemetryEvent(device.session, payload, props), (error) => {
          // Settled only once the event is committed to SQLite, like the MQTT PUBACK.
          // An injected Invoke* fault carries its own condition (features/faults.ts).
          const condition =
            error instanceof FaultError ? error.amqpCondition : 'amqp:internal-error';
          if (error) delivery.reject(amqpError(condition, error.message));
          else delivery.accept();
        });
      },
    };
  }

  function c2dLink(device: Device, sender: Sender): LinkHandler {
    device.link.c2d = sender;
    return {
      onSendable: () => sessions.subscribed(device.session),
      onOutcome: (delivery, outcome) => {
        const settled = device.link.settled(delivery, outcome);
        if (settled) inbound.c2d.settled(device.session, settled.tag, settled.outcome);
      },
      onClose: () => {
        if (device.link.c2d === sender) delete device.link.c2d;
        // Unsettled deliveries are abandoned by the hub without counting (lock released).
        device.link.dropC2d();
      },
    };
  }

  function twinRequests(device: Device, receiver: Receiver): LinkHandler {
    device.link.receivers.twin = receiver;
    let n = 0;
    return {
      onMessage: (e: EventContext) => {
        e.delivery?.accept();
        const m = e.message as Message;
        const annotations = (m.message_annotations ?? {}) as Record<string, unknown>;
        const operation = String(annotations.operation ?? '').toUpperCase();
        const resource = String(annotations.resource ?? '').toLowerCase();
        const rid = `amqp-${++n}`;
        device.link.twinRequests.set(rid, m.correlation_id);
        if (operation === 'GET') inbound.twin.get(device.session, rid);
        else if (operation === 'PATCH' && resource === '/properties/reported')
          inbound.twin.patch(device.session, rid, bodyBytes(m));
        else if (resource === '/notifications/twin/properties/desired' && operation === 'PUT') {
          device.link.desired = true;
          device.link.twinResponse(rid, 200, '');
          sessions.subscribed(device.session);
        } else if (
          resource === '/notifications/twin/properties/desired' &&
          operation === 'DELETE'
        ) {
          device.link.desired = false;
          device.link.twinResponse(rid, 200, '');
        } else
          device.link.twinResponse(
            rid,
            400,
            JSON.stringify({ Message: `Unsupported twin operation '${operation} ${resource}'` }),
          );
      },
    };
  }

  function twinReplies(device: Device, sender: Sender): LinkHandler {
    device.link.twin = sender;
    return {
      onSendable: () => sessions.subscribed(device.session),
      onClose: () => {
        if (device.link.twin === sender) delete device.link.twin;
      },
    };
  }

  function methodRequests(device: Device, sender: Sender): LinkHandler {
    device.link.methods = sender;
    return {
      onSendable: () => sessions.subscribed(device.session),
      onClose: () => {
        if (device.link.methods === sender) delete device.link.methods;
      },
    };
  }

  function methodResponses(device: Device, receiver: Receiver): LinkHandler {
    device.link.receivers.methods = receiver;
    return {
      onMessage: (e: EventContext) => {
        e.delivery?.accept();
        const m = e.message as Message;
        const id = idText(m.correlation_id)?.toLowerCase() ?? '';
        const rid = device.link.methodCalls.get(id);
        if (rid === undefined) return; // unknown or late: ignored, as over MQTT
        device.link.methodCalls.delete(id);
        const app = (m.application_properties ?? {}) as Record<string, unknown>;
        inbound.methods.respond(
          device.session,
          rid,
          Number(app['IoThub-status'] ?? 200),
          bodyBytes(m),
        );
      },
    };
  }

  return function route(
    address: DeviceAddress,
    link: Sender | Receiver,
    state: ConnectionState,
  ): LinkHandler | { error: { condition: string; description: string } } {
    const device = deviceFor(state, address);
    if (typeof device === 'string') return { error: amqpError('amqp:unauthorized-access', device) };
    const sending = link.is_sender(); // the hub sends: the device receives
    let handler: LinkHandler | undefined;
    if (address.kind === 'device-events' && !sending)
      handler = telemetryLink(device, link as Receiver);
    else if (address.kind === 'device-events' && address.moduleId !== undefined)
      // A module's input link (Node ModuleClient 'inputMessage'): IoT Hub routes module inputs
      // only through IoT Edge, so the link is accepted and stays quiet.
      handler = {};
    else if (address.kind === 'device-c2d' && sending) {
      if (address.moduleId !== undefined)
        return { error: amqpError('amqp:not-found', 'Modules have no C2D queue in IoT Hub') };
      handler = c2dLink(device, link as Sender);
    } else if (address.kind === 'device-twin')
      handler = sending
        ? twinReplies(device, link as Sender)
        : twinRequests(device, link as Receiver);
    else if (address.kind === 'device-methods')
      handler = sending
        ? methodRequests(device, link as Sender)
        : methodResponses(device, link as Receiver);
    if (!handler)
      return { error: amqpError('amqp:not-allowed', 'Wrong link direction for this address') };
    const authorized = authorizedFor(state, device);
    return { ...handler, authorized };
  };
}

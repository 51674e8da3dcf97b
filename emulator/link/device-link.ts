// The device link: what the hub needs from one connected device or module identity, whatever the
// transport carries it (issue 10). Features (C2D, twin, methods) talk to a `DeviceLink` and never
// see MQTT packets, AMQP links or HTTP requests.
//
// Contract for a connection-oriented transport (MQTT in emulator/mqtt/, AMQP alongside):
//  1. Authenticate with `authenticateDeviceToken` (emulator/auth.ts; MQTT's `authenticateDevice`
//     adds its username rules), the same SAS rules everywhere.
//  2. Once the device may talk, build a DeviceLink and call `sessions.open(link, auth)`
//     (emulator/sessions.ts); that emits `online`, kicks an older link of the same identity
//     (IoT Hub allows one connection per identity: Microsoft Learn, "Communicate with an IoT hub
//     using the MQTT protocol", section "Using the MQTT protocol directly (as a device)"), and
//     arms the token-expiry close.
//  3. Whenever what the device listens for changes (MQTT SUBSCRIBE, an AMQP receiver link
//     attached), call `sessions.subscribed(session)` so queued C2D and waiting method calls go out.
//  4. Hand what the device sends to the `DeviceInbound` operations below (telemetry, twin
//     requests, method responses, C2D settlements).
//  5. When the connection ends, whoever ended it, call `sessions.gone(session)` exactly once.
//
// The hub calls the DeviceLink methods; none of them throws for a link that has gone: the write is
// dropped (C2D stays queued in SQLite and goes out on the next link).
//
// Device HTTPS has no link: a device that polls is not connected. Its routes
// (emulator/api/device-routes.ts) use the same telemetry log and `C2dFeature.receive` /
// `settleByToken` on the same queue and locks, so a message is with one receiver at a time.

import type { DeviceAuth } from '../auth.ts';
import type { ConnectionFault } from '../features/faults.ts';
import type { ConnectionReason } from '../store/connections-store.ts';

/** How the device reached the hub; shown in the connection log. */
export type LinkTransport =
  'mqtt' | 'mqtts' | 'ws' | 'wss' | 'amqp' | 'amqps' | 'amqp-ws' | 'http' | 'https';

/** What a device can ask to receive. MQTT: a SUBSCRIBE topic filter; AMQP: a receiver link. */
export type LinkChannel = 'c2d' | 'twin-responses' | 'twin-desired' | 'methods' | 'module-inputs';

/**
 * How a channel's messages are settled:
 * - 'by-device': the device settles each delivery later (MQTT QoS 1 PUBACK, AMQP disposition),
 *   reported through `DeviceInbound.c2dSettled`; until then the message is locked to this link;
 * - 'on-send': fire and forget (MQTT QoS 0 subscription), the hub completes it once written.
 */
export type Settlement = 'by-device' | 'on-send';

/** A link-chosen id for one unsettled C2D delivery (MQTT packet id, AMQP delivery id). Unique
 *  among the link's unsettled deliveries. */
export type DeliveryTag = number;

/** A C2D message as a transport puts it on the wire. `system` uses IoT Hub's property names
 *  (messageId, to, correlationId, userId, contentType, contentEncoding, expiryTimeUtc, ack);
 *  `application` holds the sender's application properties. */
export type C2dDelivery = {
  deviceId: string;
  body: Buffer;
  system: Record<string, string>;
  application: Record<string, string>;
  /** Times delivered before this one (IoT Hub's DeliveryCount). */
  deliveryCount: number;
};

/**
 * What the device does with a C2D message (Microsoft Learn, "Send cloud-to-device messages from
 * an IoT hub", section "The cloud-to-device message life cycle"): complete removes it, reject
 * dead-letters it, abandon puts it back in the queue. MQTT can only complete (its PUBACK).
 */
export type C2dOutcome = 'complete' | 'reject' | 'abandon';

export interface DeviceLink {
  readonly transport: LinkTransport;
  readonly remoteAddress: string | null;
  /** False once the connection is closing or gone: writes are then dropped. */
  readonly open: boolean;
  /** How the device listens on `channel` now, or undefined when it does not. */
  receives(channel: LinkChannel): Settlement | undefined;
  /** What the device has subscribed to, in the transport's own words (MQTT topic filters, AMQP
   *  link addresses), for the emulator's session view. */
  subscriptions(): string[];
  /** Sends a C2D message. With `redeliver` (a tag this link returned and the device has not
   *  settled) it is sent again as a duplicate (MQTT DUP). Returns the delivery's tag, or
   *  undefined when the link cannot take it now (gone); for 'on-send' the tag means nothing. */
  deliverC2d(message: C2dDelivery, redeliver?: DeliveryTag): DeliveryTag | undefined;
  /** Answers a twin GET or reported PATCH (`rid` as the device sent it). `version` is the new
   *  reported `$version` after a PATCH (204). Body: JSON text, '' for none. */
  twinResponse(rid: string, status: number, body: string, version?: number): void;
  /** A desired properties patch, `body` the JSON text including `$version`. */
  desiredPatch(version: number, body: string): void;
  /** A direct method call; the device answers through `DeviceInbound.methodResponse(rid)`. */
  methodRequest(methodName: string, rid: string, body: string): void;
  /** Ends the connection. The reason is recorded by `sessions.close` before this is called;
   *  a transport that can say why on the wire (AMQP detach/close error) uses `detail`. */
  close(reason: ConnectionReason, detail: string): void;
  /** Whether this transport has the fault (features/faults.ts: KillTcp everywhere,
   *  ShutDownMqtt on MQTT, the KillAmqp* ones on AMQP). */
  canInjectFault(type: ConnectionFault): boolean;
  /** Applies a connection fault (fault injection, issue 12); the session's close reason is set
   *  before. Does nothing once the link has gone. */
  injectFault(type: ConnectionFault): void;
}

/** The identity a link speaks for and how it proved it. */
export type LinkIdentity = { deviceId: string; moduleId?: string; auth: DeviceAuth };

/** Telemetry flags a transport can set (spec: MQTT RETAIN and Will; others send none). */
export type TelemetryFlags = { retain?: boolean; will?: boolean };

/**
 * What an MQTT 3.1.1 packet means in IoT Hub terms, for the protocol timeline (docs/timeline.md):
 * the packet's name, the topic's role (telemetry, twin GET, method response, …), CONNACK and
 * SUBACK codes in words, and the SAS token's expiry read from the CONNECT password without
 * keeping the signature. Pure; knows a minimal packet shape, not mqtt.js.
 */
import { parseTopic } from './topics.ts';

/** The fields of an mqtt-packet object the timeline reads (mqtt.js `packetsend`/`packetreceive`). */
export type WirePacket = {
  cmd: string;
  messageId?: number;
  topic?: string;
  qos?: number;
  dup?: boolean;
  payload?: { length: number } | string;
  clientId?: string;
  username?: string;
  password?: { toString(): string } | string;
  keepalive?: number;
  clean?: boolean;
  returnCode?: number;
  sessionPresent?: boolean;
  subscriptions?: { topic: string; qos: number }[];
  granted?: number[];
};

export const PACKET_NAMES: Record<string, string> = {
  connect: 'CONNECT',
  connack: 'CONNACK',
  publish: 'PUBLISH',
  puback: 'PUBACK',
  subscribe: 'SUBSCRIBE',
  suback: 'SUBACK',
  unsubscribe: 'UNSUBSCRIBE',
  unsuback: 'UNSUBACK',
  pingreq: 'PINGREQ',
  pingresp: 'PINGRESP',
  disconnect: 'DISCONNECT',
};

/**
 * CONNACK return codes (MQTT 3.1.1 §3.2.2.3) as IoT Hub uses them: it answers every refused
 * CONNECT with 5, whatever the cause (Microsoft Learn, "Communicate with an IoT hub using the
 * MQTT protocol", and the C SDK's "connection and messaging reliability" notes).
 */
export function connackMeaning(code: number): string {
  switch (code) {
    case 0:
      return 'Connection accepted';
    case 1:
      return 'Refused (1): unacceptable protocol version; IoT Hub speaks MQTT 3.1.1 (level 4)';
    case 2:
      return 'Refused (2): client id rejected; it must be the device id, or {deviceId}/{moduleId}';
    case 3:
      return 'Refused (3): server unavailable; IoT Hub is busy or throttling, retry later';
    case 4:
      return 'Refused (4): bad user name or password; check the SAS token and the user name';
    case 5:
      return 'Refused (5): not authorized; IoT Hub says this for every refusal: wrong or expired SAS token, unknown or disabled device, token for another identity (401002 IotHubUnauthorizedAccess)';
    default:
      return `Refused (${code}): not an MQTT 3.1.1 return code`;
  }
}

/** A SUBACK code per filter: the QoS granted, or 0x80 for a filter IoT Hub refused. */
export function grantedMeaning(code: number): string {
  return code === 0x80 ? 'refused (0x80): IoT Hub does not accept this filter' : `QoS ${code}`;
}

export type TopicRole = {
  /** Short words for the role: "telemetry", "twin GET", "method request reboot". */
  what: string;
  /** The $rid that pairs a twin or method request with its response. */
  rid?: string;
  /** A response's status. */
  status?: number;
  response: boolean;
};

/** The role of a PUBLISH topic in IoT Hub terms (spec §3). */
export function topicRole(topic: string): TopicRole {
  const t = parseTopic(topic);
  switch (t.kind) {
    case 'telemetry':
      return { what: t.moduleId ? 'module telemetry' : 'telemetry', response: false };
    case 'c2d':
      return { what: 'C2D message', response: false };
    case 'twin-get':
      return { what: 'twin GET', rid: t.rid, response: false };
    case 'twin-patch-reported':
      return { what: 'reported properties PATCH', rid: t.rid, response: false };
    case 'twin-response':
      return { what: `twin response ${t.status}`, rid: t.rid, status: t.status, response: true };
    case 'twin-desired':
      return { what: `desired properties $version ${t.version}`, response: false };
    case 'method-request':
      return { what: `method request ${t.name}`, rid: t.rid, response: false };
    case 'method-response':
      return { what: `method response ${t.status}`, rid: t.rid, status: t.status, response: true };
    case 'unknown':
      return { what: `unknown topic (${t.reason})`, response: false };
  }
}

/**
 * The expiry (`se`, seconds since the epoch) of a SharedAccessSignature, read from the CONNECT
 * password; the signature (`sig`) is never looked at or kept (Microsoft Learn, "Control access to
 * IoT Hub by using shared access signatures", security token structure).
 */
export function tokenExpiry(password: string): number | undefined {
  const se = /(?:^|[\s&])se=(\d+)/.exec(password)?.[1];
  return se === undefined ? undefined : Number(se);
}

/** "12 B", "3.4 kB": a payload size for a timeline label. */
export function sizeLabel(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

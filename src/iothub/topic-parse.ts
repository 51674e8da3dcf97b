// Parses device topics and SUBSCRIBE filters into tagged unions (spec §3). Never throws:
// anything IoT Hub does not document becomes kind 'unknown' with a reason.

import { safeDecodeURIComponent } from './encoding.ts';
import { decodePropertyBag, type MessageProperties } from './property-bag.ts';

export type ParsedTopic =
  | { kind: 'telemetry'; deviceId: string; moduleId?: string; properties: MessageProperties }
  | { kind: 'c2d'; deviceId: string; properties: MessageProperties }
  | { kind: 'twin-get'; rid: string }
  | { kind: 'twin-patch-reported'; rid: string }
  | { kind: 'twin-response'; status: number; rid: string; version?: number }
  | { kind: 'twin-desired'; version: number }
  | { kind: 'method-request'; name: string; rid: string }
  | { kind: 'method-response'; status: number; rid: string }
  | { kind: 'unknown'; topic: string; reason: string };

export type ParsedFilter =
  | { kind: 'c2d'; deviceId: string }
  | { kind: 'module-inputs'; deviceId: string; moduleId: string }
  | { kind: 'twin-responses' }
  | { kind: 'twin-desired' }
  | { kind: 'methods' }
  | { kind: 'unknown'; filter: string; reason: string };

/** Query after `/?` in `$iothub/...` topics: keys decoded, values kept as sent, since `$rid`
 *  is opaque and must be echoed byte for byte (spec §3.3). */
export function parseTopicQuery(query: string): Record<string, string> {
  const entries: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    entries.push([
      safeDecodeURIComponent(eq < 0 ? part : part.slice(0, eq)),
      eq < 0 ? '' : part.slice(eq + 1),
    ]);
  }
  return Object.fromEntries(entries);
}

function unknown(topic: string, reason: string): ParsedTopic {
  return { kind: 'unknown', topic, reason };
}

function parseDeviceTopic(topic: string): ParsedTopic {
  const s = topic.split('/');
  const deviceId = s[1];
  if (!deviceId) return unknown(topic, 'empty device ID after devices/');
  const tail = (from: number) => decodePropertyBag(s.slice(from).join('/'));
  if (s[2] === 'messages' && s[3] === 'events') {
    return { kind: 'telemetry', deviceId, properties: tail(4) };
  }
  if (s[2] === 'messages' && s[3] === 'devicebound') {
    return { kind: 'c2d', deviceId, properties: tail(4) };
  }
  if (s[2] === 'modules') {
    const moduleId = s[3];
    if (!moduleId) return unknown(topic, 'empty module ID after modules/');
    if (s[4] === 'messages' && s[5] === 'events') {
      return { kind: 'telemetry', deviceId, moduleId, properties: tail(6) };
    }
    if (s[4] === 'inputs') {
      return unknown(topic, 'module input message (IoT Edge routing): see parseModuleInputTopic');
    }
  }
  return unknown(
    topic,
    'not a device topic IoT Hub accepts: expected devices/{id}[/modules/{id}]/messages/events/ or devices/{id}/messages/devicebound/',
  );
}

function rid(
  topic: string,
  q: Record<string, string>,
  make: (rid: string) => ParsedTopic,
): ParsedTopic {
  const value = q['$rid'];
  if (!value) return unknown(topic, 'missing $rid');
  return make(value);
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

function parseHubTopic(topic: string): ParsedTopic {
  const at = topic.indexOf('/?');
  if (at < 0)
    return unknown(topic, "no '/?' query: $iothub topics end in /?$rid=... or /?$version=...");
  const path = topic.slice(0, at);
  const q = parseTopicQuery(topic.slice(at + 2));
  if (path === '$iothub/twin/GET') return rid(topic, q, (r) => ({ kind: 'twin-get', rid: r }));
  if (path === '$iothub/twin/PATCH/properties/reported') {
    return rid(topic, q, (r) => ({ kind: 'twin-patch-reported', rid: r }));
  }
  if (path === '$iothub/twin/PATCH/properties/desired') {
    const version = integer(q['$version']);
    if (version === undefined) return unknown(topic, 'missing or non-integer $version');
    return { kind: 'twin-desired', version };
  }
  const twinRes = /^\$iothub\/twin\/res\/(\d{1,3})$/.exec(path);
  if (twinRes) {
    const status = Number(twinRes[1]);
    const rawVersion = q['$version'];
    const version = integer(rawVersion);
    if (rawVersion !== undefined && version === undefined)
      return unknown(topic, 'non-integer $version');
    return rid(topic, q, (r) =>
      version === undefined
        ? { kind: 'twin-response', status, rid: r }
        : { kind: 'twin-response', status, rid: r, version },
    );
  }
  const methodReq = /^\$iothub\/methods\/POST\/([^/]+)$/.exec(path);
  if (methodReq?.[1]) {
    const name = methodReq[1];
    return rid(topic, q, (r) => ({ kind: 'method-request', name, rid: r }));
  }
  const methodRes = /^\$iothub\/methods\/res\/(\d{1,3})$/.exec(path);
  if (methodRes) {
    const status = Number(methodRes[1]);
    return rid(topic, q, (r) => ({ kind: 'method-response', status, rid: r }));
  }
  return unknown(topic, `'${path}' is not a twin or direct method topic IoT Hub accepts`);
}

/** Parses any device-side topic (spec §3.1–§3.4); never throws. */
export function parseTopic(topic: string): ParsedTopic {
  if (topic.startsWith('devices/')) return parseDeviceTopic(topic);
  if (topic.startsWith('$iothub/')) return parseHubTopic(topic);
  return unknown(topic, "IoT Hub topics start with 'devices/' or '$iothub/'");
}

/** Parses a module input topic `devices/{d}/modules/{m}/inputs/{input}/{bag}` (spec §3.2). */
export function parseModuleInputTopic(
  topic: string,
):
  | { deviceId: string; moduleId: string; inputName: string; properties: MessageProperties }
  | undefined {
  const s = topic.split('/');
  const [devices, deviceId, modules, moduleId, inputs, inputName] = s;
  if (devices !== 'devices' || modules !== 'modules' || inputs !== 'inputs') return undefined;
  if (!deviceId || !moduleId || !inputName) return undefined;
  return { deviceId, moduleId, inputName, properties: decodePropertyBag(s.slice(6).join('/')) };
}

/** Parses a SUBSCRIBE filter; only IoT Hub's documented filters are recognised (spec §3, §3.5). */
export function parseTopicFilter(filter: string): ParsedFilter {
  if (filter === '$iothub/twin/res/#') return { kind: 'twin-responses' };
  if (filter === '$iothub/twin/PATCH/properties/desired/#') return { kind: 'twin-desired' };
  if (filter === '$iothub/methods/POST/#') return { kind: 'methods' };
  const c2d = /^devices\/([^/]+)\/messages\/devicebound\/#$/.exec(filter);
  if (c2d?.[1]) return { kind: 'c2d', deviceId: c2d[1] };
  // Node/Python subscribe .../inputs/#, C and the docs .../# (spec §3.2).
  const inputs = /^devices\/([^/]+)\/modules\/([^/]+)\/(?:inputs\/)?#$/.exec(filter);
  if (inputs?.[1] && inputs[2])
    return { kind: 'module-inputs', deviceId: inputs[1], moduleId: inputs[2] };
  return {
    kind: 'unknown',
    filter,
    reason:
      'IoT Hub accepts only its documented filters (devicebound/#, twin res/#, desired/#, methods POST/#)',
  };
}

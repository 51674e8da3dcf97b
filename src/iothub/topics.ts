// Device topics and subscription filters (spec §3): builders here, parsers in topic-parse.ts.
// IDs, method names and $rid go in raw, as every SDK sends them (spec §1.2, §3.3).

import { encodePropertyBag, type MessageProperties } from './property-bag.ts';

export {
  parseModuleInputTopic,
  parseTopic,
  parseTopicFilter,
  parseTopicQuery,
  type ParsedFilter,
  type ParsedTopic,
} from './topic-parse.ts';

export type Identity = { deviceId: string; moduleId?: string };

export const TWIN_RESPONSE_FILTER = '$iothub/twin/res/#';
export const TWIN_DESIRED_FILTER = '$iothub/twin/PATCH/properties/desired/#';
export const METHODS_FILTER = '$iothub/methods/POST/#';

function bag(p?: MessageProperties): string {
  return p ? encodePropertyBag(p) : '';
}

/** `devices/{d}[/modules/{m}]/messages/events/{bag}` (spec §3.1). */
export function telemetryTopic(id: Identity, p?: MessageProperties): string {
  const base = id.moduleId
    ? `devices/${id.deviceId}/modules/${id.moduleId}`
    : `devices/${id.deviceId}`;
  return `${base}/messages/events/${bag(p)}`;
}

/** `devices/{d}/messages/devicebound/{bag}`, trailing '/' even when empty (spec §3.2). */
export function c2dTopic(deviceId: string, p?: MessageProperties): string {
  return `devices/${deviceId}/messages/devicebound/${bag(p)}`;
}

/** `devices/{d}/messages/devicebound/#` (spec §3.2). */
export function c2dFilter(deviceId: string): string {
  return `devices/${deviceId}/messages/devicebound/#`;
}

/** `devices/{d}/modules/{m}/inputs/#`, as Node and Python subscribe (spec §3.2). */
export function moduleInputsFilter(deviceId: string, moduleId: string): string {
  return `devices/${deviceId}/modules/${moduleId}/inputs/#`;
}

/** `devices/{d}/modules/{m}/inputs/{input}/{bag}` (spec §3.2, Edge only). */
export function moduleInputTopic(
  deviceId: string,
  moduleId: string,
  inputName: string,
  p?: MessageProperties,
): string {
  return `devices/${deviceId}/modules/${moduleId}/inputs/${inputName}/${bag(p)}`;
}

/** `$iothub/twin/GET/?$rid={rid}` (spec §3.3). */
export function twinGetTopic(rid: string): string {
  return `$iothub/twin/GET/?$rid=${rid}`;
}

/** `$iothub/twin/PATCH/properties/reported/?$rid={rid}` (spec §3.3). */
export function twinReportedTopic(rid: string): string {
  return `$iothub/twin/PATCH/properties/reported/?$rid=${rid}`;
}

/** `$iothub/twin/res/{status}/?$rid={rid}[&$version={v}]` (spec §3.3). */
export function twinResponseTopic(status: number, rid: string, version?: number): string {
  const v = version === undefined ? '' : `&$version=${version}`;
  return `$iothub/twin/res/${status}/?$rid=${rid}${v}`;
}

/** `$iothub/twin/PATCH/properties/desired/?$version={version}` (spec §3.3). */
export function twinDesiredTopic(version: number): string {
  return `$iothub/twin/PATCH/properties/desired/?$version=${version}`;
}

/** `$iothub/methods/POST/{name}/?$rid={rid}` (spec §3.4). */
export function methodRequestTopic(name: string, rid: string): string {
  return `$iothub/methods/POST/${name}/?$rid=${rid}`;
}

/** `$iothub/methods/res/{status}/?$rid={rid}` (spec §3.4). */
export function methodResponseTopic(status: number, rid: string): string {
  return `$iothub/methods/res/${status}/?$rid=${rid}`;
}

// AMQP link addresses IoT Hub serves (Microsoft Learn, "Communicate with your IoT hub by using the
// AMQP Protocol": service client, device client and built-in endpoint sections). Clients send
// paths (Node, C#) or `amqps://{host}/…` URIs (C) in varying case (`devicebound`/`deviceBound`),
// so the scheme and host are stripped and names compared case-insensitively; ids are URL-decoded.

export type AmqpAddress =
  | { kind: 'cbs' }
  | { kind: 'management' }
  | { kind: 'service-c2d' }
  | { kind: 'feedback' }
  | { kind: 'events-redirect' }
  | { kind: 'file-notifications' }
  | { kind: 'partition'; eventHub: string; consumerGroup: string; partition: string }
  | { kind: 'device-events'; deviceId: string; moduleId?: string }
  | { kind: 'device-c2d'; deviceId: string; moduleId?: string }
  | { kind: 'device-twin'; deviceId: string; moduleId?: string }
  | { kind: 'device-methods'; deviceId: string; moduleId?: string }
  | { kind: 'unknown'; address: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The path of an address: `amqps://host:5671/a/b` → `a/b`, `/a/b` → `a/b`. */
export function addressPath(address: string): string {
  const withoutScheme = address.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return withoutScheme.replace(/^\/+/, '').replace(/\/+$/, '');
}

export function parseAddress(address: string | undefined): AmqpAddress {
  const raw = address ?? '';
  const path = addressPath(raw);
  const lower = path.toLowerCase();
  if (lower === '$cbs') return { kind: 'cbs' };
  // The hub's own name for its built-in endpoint, which it answers with a redirect (redirect.ts).
  if (lower === 'messages/events' || lower === 'messages/events/$management')
    return { kind: 'events-redirect' };
  if (lower === '$management' || lower.endsWith('/$management')) return { kind: 'management' };
  if (lower === 'messages/devicebound') return { kind: 'service-c2d' };
  if (lower === 'messages/servicebound/feedback') return { kind: 'feedback' };
  // The SDKs' address, and the one the Learn page "Upload files with IoT Hub" writes.
  if (
    lower === 'messages/servicebound/filenotifications' ||
    lower === 'messages/servicebound/fileuploadnotifications'
  )
    return { kind: 'file-notifications' };
  const segments = path.split('/');
  // {eventHub}/ConsumerGroups/{group}/Partitions/{partition} (Event Hubs receiver address).
  if (
    segments.length === 5 &&
    segments[1]?.toLowerCase() === 'consumergroups' &&
    segments[3]?.toLowerCase() === 'partitions'
  ) {
    const [eventHub, , consumerGroup, , partition] = segments.map(decode);
    if (eventHub && consumerGroup && partition !== undefined)
      return { kind: 'partition', eventHub, consumerGroup, partition };
  }
  // devices/{d}[/modules/{m}]/(messages/events|messages/devicebound|twin|methods/devicebound)
  if (segments[0]?.toLowerCase() === 'devices' && segments.length >= 3) {
    const deviceId = decode(segments[1] ?? '');
    const hasModule = segments[2]?.toLowerCase() === 'modules';
    const moduleId = hasModule ? decode(segments[3] ?? '') : undefined;
    const rest = segments
      .slice(hasModule ? 4 : 2)
      .join('/')
      .toLowerCase();
    if (deviceId && (!hasModule || moduleId)) {
      const id = { deviceId, ...(moduleId ? { moduleId } : {}) };
      if (rest === 'messages/events') return { kind: 'device-events', ...id };
      if (rest === 'messages/devicebound') return { kind: 'device-c2d', ...id };
      if (rest === 'twin') return { kind: 'device-twin', ...id };
      if (rest === 'methods/devicebound') return { kind: 'device-methods', ...id };
    }
  }
  return { kind: 'unknown', address: raw };
}

/** `/devices/{id}/messages/devicebound` → the device id (the `to` of a service C2D message). */
export function c2dTarget(to: string | undefined): string | undefined {
  const parsed = parseAddress(to);
  return parsed.kind === 'device-c2d' && parsed.moduleId === undefined
    ? parsed.deviceId
    : undefined;
}

// @azure/event-hubs, unchanged, reading the hub's built-in Event Hubs-compatible endpoint with the
// connection string the emulator prints (Microsoft Learn, "Read device-to-cloud messages from the
// built-in endpoint"): what MQTT devices sent, from every position the SDK offers, with IoT Hub's
// system properties and the application properties. Plain AMQP on an ephemeral port, which the
// SDK reaches with `UseDevelopmentEmulator=true` (docs/sdk-against-emulator.md).
import {
  EventHubConsumerClient,
  type EventPosition,
  type ReceivedEventData,
} from '@azure/event-hubs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';

import { partitionOf } from '../../emulator/amqp/partitions.ts';

import { HubRest, removeDir, startHub, tempDataDir, uniqueId, waitFor, within } from './helpers.ts';
import {
  type DeviceClientInstance,
  hubCa,
  Message,
  Mqtt,
  openDevice,
  withMqttsGateway,
} from './sdk.ts';

let hub: Awaited<ReturnType<typeof startHub>>;
let rest: HubRest;
let dataDir: string | undefined;
const clients: { close(): Promise<unknown> }[] = [];

beforeAll(async () => {
  dataDir = await tempDataDir();
  hub = await startHub({ tls: true, dataDir, amqpPort: 'ephemeral', partitions: 4 });
  rest = new HubRest(hub);
});
afterAll(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await hub?.close();
  await removeDir(dataDir);
});

function consumer(group = '$Default'): EventHubConsumerClient {
  const connectionString = hub.eventHub.connectionString;
  if (!connectionString) throw new Error('the hub printed no Event Hubs connection string');
  const client = new EventHubConsumerClient(group, connectionString);
  clients.push(client);
  return client;
}

async function mqttDevice(): Promise<{ deviceId: string; device: DeviceClientInstance }> {
  const { deviceId, connectionString } = await rest.createDevice(hub, 'eh');
  const device = await openDevice(hub, withMqttsGateway(hub, connectionString), Mqtt);
  clients.push(device);
  return { deviceId, device };
}

async function send(device: DeviceClientInstance, text: string, app: Record<string, string> = {}) {
  const m = new Message(text);
  m.messageId = uniqueId('msg');
  m.contentType = 'application/json';
  m.contentEncoding = 'utf-8';
  for (const [k, v] of Object.entries(app)) m.properties.add(k, v);
  await within('sendEvent', device.sendEvent(m));
  return m.messageId;
}

/** Reads the partition from `position` until `until` holds, then closes the subscription. */
async function read(
  client: EventHubConsumerClient,
  partitionId: string,
  position: EventPosition,
  until: (events: ReceivedEventData[]) => boolean,
): Promise<ReceivedEventData[]> {
  const events: ReceivedEventData[] = [];
  let failure: Error | undefined;
  const subscription = client.subscribe(
    partitionId,
    {
      processEvents: async (batch) => {
        events.push(...batch);
      },
      processError: async (error) => {
        failure = error;
      },
    },
    { startPosition: position, maxWaitTimeInSeconds: 1 },
  );
  try {
    await waitFor('events on the built-in endpoint', () => {
      if (failure) throw failure;
      return until(events) ? true : undefined;
    });
  } finally {
    await subscription.close();
  }
  return events;
}

const bodyOf = (e: ReceivedEventData) =>
  Buffer.isBuffer(e.body) ? e.body.toString('utf8') : JSON.stringify(e.body);

describe('EventHubConsumerClient against the built-in endpoint', () => {
  test('hub and partition properties', async () => {
    const client = consumer();
    const props = await within('getEventHubProperties', client.getEventHubProperties());
    expect(props.name).toBe(hub.eventHub.name);
    expect(props.partitionIds).toEqual(['0', '1', '2', '3']);
    const partition = await within('getPartitionProperties', client.getPartitionProperties('2'));
    expect(partition.partitionId).toBe('2');
    expect(partition.eventHubName).toBe(hub.eventHub.name);
  });

  test('reads from the start what an MQTT device sent, with system and application properties', async () => {
    const { deviceId, device } = await mqttDevice();
    const messageId = await send(device, '{"t":1}', { unit: 'C' });
    const partitionId = String(partitionOf(deviceId, 4));
    const events = await read(consumer(), partitionId, { offset: '-1' } as EventPosition, (es) =>
      es.some((e) => e.messageId === messageId),
    );
    const event = events.find((e) => e.messageId === messageId) as ReceivedEventData;
    expect(bodyOf(event)).toBe('{"t":1}');
    expect(event.properties).toEqual({ unit: 'C' });
    expect(event.contentType).toBe('application/json');
    expect(event.systemProperties).toMatchObject({
      'iothub-connection-device-id': deviceId,
      'iothub-message-source': 'Telemetry',
    });
    // A timestamp annotation; the SDK hands annotations over as ms since the epoch.
    expect(event.systemProperties?.['iothub-enqueuedtime']).toBe(event.enqueuedTimeUtc.getTime());
    expect(event.systemProperties?.['iothub-connection-module-id']).toBeUndefined();
    expect(typeof event.sequenceNumber).toBe('number');
    expect(event.offset).toBe(String(event.sequenceNumber));
    // Everything read from this partition belongs to devices hashed onto it.
    for (const e of events)
      expect(partitionOf(String(e.systemProperties?.['iothub-connection-device-id']), 4)).toBe(
        Number(partitionId),
      );
  });

  test('reads from a sequence number, an offset and an enqueued time', async () => {
    const { deviceId, device } = await mqttDevice();
    const partitionId = String(partitionOf(deviceId, 4));
    const ids = [await send(device, 'a'), await send(device, 'b'), await send(device, 'c')];
    const all = await read(consumer(), partitionId, { sequenceNumber: -1 }, (es) =>
      ids.every((id) => es.some((e) => e.messageId === id)),
    );
    const [a, b, c] = ids.map((id) => all.find((e) => e.messageId === id) as ReceivedEventData);
    const mine = (es: ReceivedEventData[]) =>
      es.filter((e) => ids.includes(String(e.messageId))).map((e) => e.messageId);
    const afterA = await read(
      consumer(),
      partitionId,
      { sequenceNumber: a?.sequenceNumber },
      (es) => es.some((e) => e.messageId === c?.messageId),
    );
    expect(mine(afterA)).toEqual([b?.messageId, c?.messageId]);
    const fromB = await read(
      consumer(),
      partitionId,
      { sequenceNumber: b?.sequenceNumber, isInclusive: true },
      (es) => es.some((e) => e.messageId === c?.messageId),
    );
    expect(mine(fromB)).toEqual([b?.messageId, c?.messageId]);
    const afterOffset = await read(consumer(), partitionId, { offset: String(b?.offset) }, (es) =>
      es.some((e) => e.messageId === c?.messageId),
    );
    expect(mine(afterOffset)).toEqual([c?.messageId]);
    const byTime = await read(
      consumer(),
      partitionId,
      { enqueuedOn: (a?.enqueuedTimeUtc.getTime() ?? 0) - 1 },
      (es) => es.some((e) => e.messageId === c?.messageId),
    );
    expect(mine(byTime)).toEqual(ids);
  });

  test('a live receiver at the end gets new events as they arrive', async () => {
    const { deviceId, device } = await mqttDevice();
    const partitionId = String(partitionOf(deviceId, 4));
    const old = await send(device, 'old');
    const sent: string[] = [];
    const events: ReceivedEventData[] = [];
    const client = consumer();
    const subscription = client.subscribe(
      partitionId,
      {
        processEvents: async (batch) => {
          events.push(...batch);
        },
        processError: async () => {},
      },
      { startPosition: { offset: '@latest' } as EventPosition, maxWaitTimeInSeconds: 1 },
    );
    try {
      // The receiver is attached once the SDK reports the partition as initialised.
      // Sends until one arrives: the SDK attaches its receiver some time after subscribe().
      await waitFor('a live event', async () => {
        sent.push(await send(device, 'new'));
        return events.some((e) => sent.includes(String(e.messageId))) ? true : undefined;
      });
    } finally {
      await subscription.close();
    }
    expect(events.some((e) => e.messageId === old)).toBe(false);
  });

  test('an unknown consumer group is refused; one created through REST works', async () => {
    const group = uniqueId('cg');
    const client = consumer(group);
    await expect(
      read(client, '0', { offset: '-1' } as EventPosition, (es) => es.length > 0),
    ).rejects.toThrow(/consumer group/i);
    const created = await rest.request('PUT', `/emulator/consumerGroups/${group}`, '', {});
    expect(created.status).toBe(201);
    const { deviceId, device } = await mqttDevice();
    const messageId = await send(device, 'x');
    const events = await read(
      consumer(group),
      String(partitionOf(deviceId, 4)),
      { offset: '-1' } as EventPosition,
      (es) => es.some((e) => e.messageId === messageId),
    );
    expect(events.length).toBeGreaterThan(0);
  });

  test('a bad key is refused', async () => {
    const bad = (hub.eventHub.connectionString ?? '').replace(
      /SharedAccessKey=[^;]+/,
      `SharedAccessKey=${Buffer.alloc(32, 1).toString('base64')}`,
    );
    const client = new EventHubConsumerClient('$Default', bad, { retryOptions: { maxRetries: 0 } });
    clients.push(client);
    await expect(client.getEventHubProperties()).rejects.toThrow(/unauthori|signature/i);
  });
});

test('over AMQP on WebSockets with TLS: webSocketOptions and the CA in code, no NODE_EXTRA_CA_CERTS', async () => {
  const ca = await hubCa(hub);
  const key = /SharedAccessKey=([^;]+)/.exec(hub.eventHub.connectionString ?? '')?.[1] ?? '';
  const connectionString = `Endpoint=sb://localhost:${hub.ports.https}/;SharedAccessKeyName=service;SharedAccessKey=${key};EntityPath=${hub.eventHub.name}`;
  // The SDK opens wss://{host}:{Endpoint port}/$servicebus/websocket with these options.
  const client = new EventHubConsumerClient('$Default', connectionString, {
    webSocketOptions: { webSocket: WebSocket, webSocketConstructorOptions: { ca } },
  });
  clients.push(client);
  const props = await within('getEventHubProperties over WSS', client.getEventHubProperties());
  expect(props.partitionIds).toEqual(['0', '1', '2', '3']);
});

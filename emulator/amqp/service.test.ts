// The service C2D link with a raw rhea client: what it refuses, in IoT Hub's AMQP error
// conditions, and that what it accepts lands in the device's queue. Consumer-group routes.
import { once } from 'node:events';

import type { Connection, Message, Sender } from 'rhea';
import { describe, expect, test, vi } from 'vitest';

import { connect, putToken, serviceToken } from '../test/amqp-client.ts';
import { service, startHub } from '../test/helpers.ts';

async function c2dSender(connection: Connection): Promise<Sender> {
  const sender = connection.open_sender('/messages/devicebound');
  await once(sender, 'sendable');
  return sender;
}

/** A hub with a service token put on $cbs and the C2D send link attached. */
async function serviceC2d() {
  const hub = await startHub({ amqpPort: 'ephemeral' });
  const connection = await connect(hub.ports.amqp ?? 0);
  const status = await putToken(
    connection,
    'localhost',
    await serviceToken(hub.ownerConnectionString),
  );
  expect(status).toBe(200);
  return { hub, connection, sender: await c2dSender(connection) };
}

/** Sends one message; resolves with 'accepted' or the rejection's error condition. */
function outcome(sender: Sender, message: Message): Promise<string> {
  const delivery = sender.send(message);
  return new Promise((resolve) => {
    const done = (e: { delivery: unknown }) => {
      if (e.delivery !== delivery) return;
      const state = (delivery as unknown as { remote_state?: { error?: { condition?: string } } })
        .remote_state;
      resolve(state?.error?.condition ?? 'accepted');
    };
    sender.on('accepted', done);
    sender.on('rejected', done);
  });
}

describe('service C2D over AMQP', () => {
  test('refuses bad messages with IoT Hub conditions and queues good ones', async () => {
    const { hub, sender } = await serviceC2d();
    const to = '/devices/device-1/messages/devicebound';
    expect(await outcome(sender, { to: '/devices/nobody/messages/devicebound', body: 'x' })).toBe(
      'amqp:not-found',
    );
    expect(await outcome(sender, { to: '/elsewhere', body: 'x' })).toBe('amqp:invalid-field');
    expect(
      await outcome(sender, { to, application_properties: { 'iothub-ack': 'often' }, body: 'x' }),
    ).toBe('amqp:invalid-field');
    expect(await outcome(sender, { to, body: Buffer.alloc(65537) })).toBe(
      'amqp:link:message-size-exceeded',
    );
    expect(await outcome(sender, { to, message_id: 'ok-1', body: 'hello' })).toBe('accepted');
    const device = await service(hub).call('GET', '/devices/device-1');
    expect((device.json as { cloudToDeviceMessageCount: number }).cloudToDeviceMessageCount).toBe(
      1,
    );
    for (let i = 1; i < 50; i++) await outcome(sender, { to, body: `n${i}` });
    expect(await outcome(sender, { to, body: 'one too many' })).toBe(
      'amqp:resource-limit-exceeded',
    );
  });

  test('without a service token the C2D link is refused', async () => {
    const hub = await startHub({ amqpPort: 'ephemeral' });
    const connection = await connect(hub.ports.amqp ?? 0);
    const sender = connection.open_sender('/messages/devicebound');
    const [e] = (await once(sender, 'sender_close')) as [{ sender: Sender }];
    const condition = (
      e.sender as unknown as { remote: { detach?: { error?: { condition?: string } } } }
    ).remote.detach?.error?.condition;
    expect(condition).toBe('amqp:unauthorized-access');
  });
});

test('consumer groups: create, list, refuse a bad name, delete', async () => {
  const hub = await startHub();
  const api = service(hub);
  expect((await api.call('PUT', '/emulator/consumerGroups/analytics')).status).toBe(201);
  expect((await api.call('PUT', '/emulator/consumerGroups/analytics')).status).toBe(200);
  expect((await api.call('GET', '/emulator/consumerGroups')).json).toEqual([
    '$Default',
    'analytics',
  ]);
  expect((await api.call('PUT', '/emulator/consumerGroups/-bad-')).status).toBe(400);
  expect((await api.call('DELETE', '/emulator/consumerGroups/$Default')).status).toBe(400);
  expect((await api.call('DELETE', '/emulator/consumerGroups/analytics')).status).toBe(204);
  expect((await api.call('DELETE', '/emulator/consumerGroups/analytics')).status).toBe(404);
});

test('feedback: a batch for a purged message, redelivered when its lock lapses unsettled', async () => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  const { hub, connection, sender } = await serviceC2d();
  const to = '/devices/device-1/messages/devicebound';
  const ack = { 'iothub-ack': 'full' };
  expect(
    await outcome(sender, { to, message_id: 'fb-1', application_properties: ack, body: 'x' }),
  ).toBe('accepted');
  expect((await service(hub).call('DELETE', '/devices/device-1/commands')).status).toBe(200);
  vi.advanceTimersByTime(1_000); // the batch closes
  const receiver = connection.open_receiver({
    source: { address: '/messages/serviceBound/feedback' },
    autoaccept: false,
  });
  const next = () =>
    new Promise<Message>((resolve) =>
      receiver.once('message', (e: { message: Message }) => resolve(e.message)),
    );
  const first = await next();
  expect(first.content_type).toBe('application/vnd.microsoft.iothub.feedback.json');
  const records = JSON.parse(
    Buffer.from((first.body as { content: Buffer }).content).toString('utf8'),
  ) as { originalMessageId: string; statusCode: string; deviceId: string }[];
  expect(records).toEqual([
    expect.objectContaining({
      originalMessageId: 'fb-1',
      statusCode: 'Purged',
      deviceId: 'device-1',
    }),
  ]);
  const redelivered = next();
  vi.advanceTimersByTime(65_000); // unsettled past the 1-minute lock
  const again = await redelivered;
  expect(again.message_id).toBe(first.message_id);
  expect((again.message_annotations as Record<string, unknown>)['iothub-deliverycount']).toBe(1);
});

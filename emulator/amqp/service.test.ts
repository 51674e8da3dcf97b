// The service C2D link with a raw rhea client: what it refuses, in IoT Hub's AMQP error
// conditions, and that what it accepts lands in the device's queue. Consumer-group routes.
import { once } from 'node:events';

import type { Connection, Message, Sender } from 'rhea';
import { describe, expect, test } from 'vitest';

import { connect, putToken, serviceToken } from '../test/amqp-client.ts';
import { service, startHub } from '../test/helpers.ts';

async function c2dSender(connection: Connection): Promise<Sender> {
  const sender = connection.open_sender('/messages/devicebound');
  await once(sender, 'sendable');
  return sender;
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
    const hub = await startHub({ amqpPort: 'ephemeral' });
    const connection = await connect(hub.ports.amqp ?? 0);
    expect(
      await putToken(connection, 'localhost', await serviceToken(hub.ownerConnectionString)),
    ).toBe(200);
    const sender = await c2dSender(connection);
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

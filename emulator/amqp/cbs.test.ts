// $cbs put-token and link authorization with a raw rhea client against an in-process hub:
// status codes for good, forged and malformed tokens; service links refused without a claim;
// a claim's expiry detaches the links it authorized (fake timers move the hub's clock).
import { once } from 'node:events';

import type { Receiver } from 'rhea';
import { describe, expect, test, vi } from 'vitest';

import { signSasToken } from '../../src/iothub/sas-token.ts';
import { connect, putToken, serviceToken } from '../test/amqp-client.ts';
import { keyOf, service, startHub } from '../test/helpers.ts';
import { nowSeconds } from '../time.ts';

/** Resolves with the error condition the hub detached `receiver` with. */
const detached = (receiver: Receiver) =>
  new Promise<string | undefined>((resolve) =>
    receiver.on('receiver_close', () =>
      resolve(
        (receiver as unknown as { remote: { detach?: { error?: { condition?: string } } } }).remote
          .detach?.error?.condition,
      ),
    ),
  );

describe('$cbs put-token', () => {
  test('a policy token answers 200, a forged one 401, a malformed one 400', async () => {
    const hub = await startHub({ amqpPort: 'ephemeral' });
    const connection = await connect(hub.ports.amqp ?? 0);
    expect(
      await putToken(connection, 'localhost', await serviceToken(hub.ownerConnectionString)),
    ).toBe(200);
    const forged = await signSasToken({
      resourceUri: 'localhost',
      key: Buffer.alloc(32, 7).toString('base64'),
      keyName: 'iothubowner',
      expiresAt: nowSeconds() + 60,
    });
    expect(await putToken(connection, 'localhost', forged)).toBe(401);
    expect(await putToken(connection, 'localhost', 'not a token')).toBe(400);
  });

  test('a device token for another device is refused', async () => {
    const hub = await startHub({ amqpPort: 'ephemeral' });
    const connection = await connect(hub.ports.amqp ?? 0);
    const key = keyOf(hub, 'device-1');
    const token = await signSasToken({
      resourceUri: 'localhost/devices/device-1',
      key,
      expiresAt: nowSeconds() + 60,
    });
    expect(await putToken(connection, 'localhost/devices/device-1', token)).toBe(200);
    expect(await putToken(connection, 'localhost/devices/other', token)).toBe(401);
  });

  test('the feedback link is refused without a claim', async () => {
    const hub = await startHub({ amqpPort: 'ephemeral' });
    const connection = await connect(hub.ports.amqp ?? 0);
    const receiver = connection.open_receiver('/messages/serviceBound/feedback');
    expect(await detached(receiver)).toBe('amqp:unauthorized-access');
  });

  test('a claim that expires detaches the links it authorized', async () => {
    const hub = await startHub({ amqpPort: 'ephemeral' });
    const connection = await connect(hub.ports.amqp ?? 0);
    const expiresAt = nowSeconds() + 120;
    const token = await serviceToken(hub.ownerConnectionString, expiresAt);
    // The hub's expiry timer is armed when the claim is accepted: fake its clock from here.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    expect(await putToken(connection, 'localhost', token)).toBe(200);
    const receiver = connection.open_receiver('/messages/serviceBound/feedback');
    await once(receiver, 'receiver_open');
    const closed = detached(receiver);
    vi.advanceTimersByTime(121_000);
    expect(await closed).toBe('amqp:unauthorized-access');
  });
});

test('a renewed device token keeps the connection open; at the new expiry it closes', async () => {
  const hub = await startHub({ amqpPort: 'ephemeral' });
  const connection = await connect(hub.ports.amqp ?? 0);
  const audience = 'localhost/devices/device-1';
  const token = (ttl: number) =>
    signSasToken({
      resourceUri: audience,
      key: keyOf(hub, 'device-1'),
      expiresAt: nowSeconds() + ttl,
    });
  const connected = async () =>
    ((await service(hub).call('GET', '/devices/device-1')).json as { connectionState: string })
      .connectionState;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  expect(await putToken(connection, audience, await token(120))).toBe(200);
  const sender = connection.open_sender('/devices/device-1/messages/events');
  await once(sender, 'sendable');
  expect(await connected()).toBe('Connected');
  expect(await putToken(connection, audience, await token(300))).toBe(200);
  const closed = once(connection, 'connection_close');
  vi.advanceTimersByTime(121_000);
  expect(await connected()).toBe('Connected');
  vi.advanceTimersByTime(180_000);
  await closed;
  expect(
    (connection as unknown as { remote: { close?: { error?: { condition?: string } } } }).remote
      .close?.error?.condition,
  ).toBe('amqp:unauthorized-access');
  expect(await connected()).toBe('Disconnected');
});

test('disabling the identity closes its AMQP connection', async () => {
  const hub = await startHub({ amqpPort: 'ephemeral' });
  const connection = await connect(hub.ports.amqp ?? 0);
  const audience = 'localhost/devices/device-1';
  const token = await signSasToken({
    resourceUri: audience,
    key: keyOf(hub, 'device-1'),
    expiresAt: nowSeconds() + 3600,
  });
  expect(await putToken(connection, audience, token)).toBe(200);
  const sender = connection.open_sender('/devices/device-1/messages/events');
  await once(sender, 'sendable');
  const closed = once(connection, 'connection_close');
  const device = await service(hub).call('GET', '/devices/device-1');
  const etag = (device.json as { etag: string }).etag;
  const disabled = await service(hub).call(
    'PUT',
    '/devices/device-1',
    { deviceId: 'device-1', status: 'disabled', etag },
    { 'if-match': `"${etag}"` },
  );
  expect(disabled.status).toBe(200);
  await closed;
  expect(
    (connection as unknown as { remote: { close?: { error?: { condition?: string } } } }).remote
      .close?.error?.condition,
  ).toBe('amqp:unauthorized-access');
});

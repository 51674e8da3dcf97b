// A raw rhea client for the AMQP tests: connect, and put a token on $cbs as the Node SDKs do.
import { once } from 'node:events';

import rhea, { type Connection, type Message } from 'rhea';
import { afterEach, expect, vi } from 'vitest';

import { signSasToken } from '../../src/iothub/sas-token.ts';
import { nowSeconds } from '../time.ts';

const connections: Connection[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of connections.splice(0)) c.close();
});

export async function connect(port: number): Promise<Connection> {
  const connection = rhea.create_container().connect({ host: '127.0.0.1', port, reconnect: false });
  connections.push(connection);
  connection.on('disconnected', () => {}); // the hub closing first is expected, not news
  await once(connection, 'connection_open');
  return connection;
}

/** Puts a token on $cbs as the Node SDKs do; resolves with the reply's status-code. */
export async function putToken(
  connection: Connection,
  audience: string,
  token: string,
): Promise<number> {
  const replyTo = `cbs-reply-${Math.random()}`;
  const receiver = connection.open_receiver({
    source: { address: '$cbs' },
    target: { address: replyTo },
  });
  const sender = connection.open_sender({ target: { address: '$cbs' } });
  await once(sender, 'sendable');
  const messageId = rhea.generate_uuid();
  const reply = new Promise<Message>((resolve) =>
    receiver.on('message', (e: { message: Message }) => resolve(e.message)),
  );
  sender.send({
    to: '$cbs',
    reply_to: replyTo,
    message_id: messageId,
    application_properties: {
      operation: 'put-token',
      name: audience,
      type: 'servicebus.windows.net:sastoken',
    },
    body: token,
  });
  const message = await reply;
  expect(message.correlation_id).toBe(messageId);
  return Number((message.application_properties as Record<string, unknown>)['status-code']);
}

/** An iothubowner token for the hub 'localhost'. */
export async function serviceToken(ownerCs: string, expiresAt = nowSeconds() + 3600) {
  return signSasToken({
    resourceUri: 'localhost',
    key: /SharedAccessKey=([^;]+)/.exec(ownerCs)?.[1] ?? '',
    keyName: 'iothubowner',
    expiresAt,
  });
}

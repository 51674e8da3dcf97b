// The redirect IoT Hub answers `messages/events` with, turned into an Event Hubs connection
// string as Microsoft's read-d2c-messages sample does.
import { expect, test } from 'vitest';

import { connectionStringFromRedirect } from './event-hub-address.ts';

const info = {
  hostName: 'contoso.azure-devices.net',
  sharedAccessKeyName: 'service',
  sharedAccessKey: 'a2V5',
};

test('a redirect to port 5671 gives the namespace and entity, as the sample builds them', () => {
  const redirect = {
    condition: 'amqp:link:redirect',
    info: {
      hostname: 'ihsuprodbyres053dednamespace.servicebus.windows.net',
      address:
        'amqps://ihsuprodbyres053dednamespace.servicebus.windows.net:5671/iothub-ehub-contoso-123-abc/$management',
    },
  };
  expect(connectionStringFromRedirect(redirect, info)).toBe(
    'Endpoint=sb://ihsuprodbyres053dednamespace.servicebus.windows.net/;EntityPath=iothub-ehub-contoso-123-abc;SharedAccessKeyName=service;SharedAccessKey=a2V5',
  );
});

test('another port is kept', () => {
  const redirect = {
    condition: 'amqp:link:redirect',
    info: { hostname: 'localhost', address: 'amqps://localhost:5999/localhost/$management' },
  };
  expect(connectionStringFromRedirect(redirect, info)).toContain(
    'Endpoint=sb://localhost:5999/;EntityPath=localhost;',
  );
});

test('anything but a redirect with an address is an error that says why', () => {
  expect(
    connectionStringFromRedirect({ condition: 'amqp:not-found', description: 'no' }, info),
  ).toBeInstanceOf(Error);
  expect(String(connectionStringFromRedirect(undefined, info))).toContain('no answer');
  expect(
    String(
      connectionStringFromRedirect(
        { condition: 'amqp:link:redirect', info: { hostname: 'h', address: 'x' } },
        info,
      ),
    ),
  ).toContain('names no endpoint');
});

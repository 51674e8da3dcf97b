// The gateway's pure checks: which hosts it forwards to, which Host and Origin it answers.
import { describe, expect, test } from 'vitest';

import {
  checkHost,
  checkOrigin,
  checkRequest,
  isEventHubsHost,
  isForwardableHost,
  type GuardConfig,
} from './request-guard.ts';

const config: GuardConfig = {
  servedHosts: ['localhost:8080', '127.0.0.1:8080'],
  consoleOrigins: ['http://localhost:8080'],
  token: 'per-start',
};

describe('isForwardableHost', () => {
  test.each([
    'contoso.azure-devices.net',
    'CONTOSO.Azure-Devices.NET',
    'hub-1.azure-devices.cn',
    'gov.azure-devices.us',
    'old.azure-devices.de',
  ])('forwards to %s', (host) => expect(isForwardableHost(host)).toBe(true));
  test.each([
    'example.com',
    'azure-devices.net',
    'a.b.azure-devices.net',
    'contoso.azure-devices.net.example.com',
    'contoso.azure-devices.net:8443',
    'contoso.azure-devices.net/evil',
    'localhost',
    '127.0.0.1',
  ])('refuses %s', (host) => expect(isForwardableHost(host)).toBe(false));
  test('an extra host (the emulator in tests) is allowed only by exact name', () => {
    expect(isForwardableHost('localhost', ['localhost'])).toBe(true);
    expect(isForwardableHost('localhost.example.com', ['localhost'])).toBe(false);
  });
  test('Event Hubs namespaces of the same clouds', () => {
    expect(isEventHubsHost('ihsuprodbyres.servicebus.windows.net')).toBe(true);
    expect(isEventHubsHost('ns.servicebus.chinacloudapi.cn')).toBe(true);
    expect(isEventHubsHost('ns.servicebus.windows.net.example.com')).toBe(false);
  });
});

describe('checkRequest', () => {
  const ok = { host: 'localhost:8080', origin: 'http://localhost:8080', fetchSite: 'same-origin' };
  test('the console with its token passes', () =>
    expect(checkRequest({ ...ok, token: 'per-start' }, config)).toBeUndefined());
  test('a wrong or missing token is 401', () => {
    expect(checkRequest({ ...ok, token: 'per-star' }, config)?.status).toBe(401);
    expect(checkRequest({ ...ok, token: undefined }, config)?.status).toBe(401);
  });
  test('a rebinding Host is 403 even with the token', () =>
    expect(
      checkRequest({ ...ok, host: 'attacker.example:8080', token: 'per-start' }, config)?.status,
    ).toBe(403));
  test('a foreign origin is 403', () =>
    expect(
      checkOrigin({ ...ok, origin: 'http://localhost:5173', token: undefined }, config),
    ).toMatchObject({
      status: 403,
    }));
  test('no origin: same-origin and non-browser clients pass, cross-site ones do not', () => {
    const bare = { host: 'localhost:8080', origin: undefined, token: undefined };
    expect(checkOrigin({ ...bare, fetchSite: 'same-origin' }, config)).toBeUndefined();
    expect(checkOrigin({ ...bare, fetchSite: undefined }, config)).toBeUndefined();
    expect(checkOrigin({ ...bare, fetchSite: 'cross-site' }, config)?.status).toBe(403);
    expect(checkOrigin({ ...bare, fetchSite: 'same-site' }, config)?.status).toBe(403);
  });
  test('Host matching ignores case only', () => {
    expect(checkHost('LOCALHOST:8080', config)).toBeUndefined();
    expect(checkHost('localhost:8081', config)?.status).toBe(403);
    expect(checkHost(undefined, config)?.status).toBe(403);
  });
});

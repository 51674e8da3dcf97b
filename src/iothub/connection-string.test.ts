import { describe, expect, it } from 'vitest';

import {
  buildDeviceConnectionString,
  buildServiceConnectionString,
  parseConnectionString,
  parseServiceConnectionString,
} from './connection-string.ts';
import { signSasToken } from './sas-token.ts';

const KEY = 'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=';
const HOST = 'myhub.azure-devices.net';
const BASE = `HostName=${HOST};DeviceId=dev1`;
const SE = 1_700_003_600;

describe('parseConnectionString: accepted forms', () => {
  it.each([
    {
      name: 'device key',
      input: `${BASE};SharedAccessKey=${KEY}`,
      value: { hostName: HOST, deviceId: 'dev1', auth: { kind: 'key', sharedAccessKey: KEY } },
    },
    {
      name: 'module key',
      input: `${BASE};ModuleId=mod-1;SharedAccessKey=${KEY}`,
      value: {
        hostName: HOST,
        deviceId: 'dev1',
        moduleId: 'mod-1',
        auth: { kind: 'key', sharedAccessKey: KEY },
      },
    },
    {
      name: 'policy key (device via SharedAccessKeyName)',
      input: `${BASE};SharedAccessKeyName=device;SharedAccessKey=${KEY}`,
      value: {
        hostName: HOST,
        deviceId: 'dev1',
        auth: { kind: 'key', sharedAccessKey: KEY, sharedAccessKeyName: 'device' },
      },
    },
    {
      name: 'gateway with port, quoted, spaces, trailing ;',
      input: `  "HostName = ${HOST} ; DeviceId=dev1;SharedAccessKey='${KEY}';GatewayHostName=localhost:8443;"  `,
      value: {
        hostName: HOST,
        deviceId: 'dev1',
        gatewayHostName: 'localhost:8443',
        auth: { kind: 'key', sharedAccessKey: KEY },
      },
    },
    {
      name: 'keys ending in = split on the first =',
      input: `DeviceId=a=b;HostName=${HOST};SharedAccessKey=AA==`,
      value: { hostName: HOST, deviceId: 'a=b', auth: { kind: 'key', sharedAccessKey: 'AA==' } },
    },
  ])('$name', ({ input, value }) => {
    expect(parseConnectionString(input)).toEqual({ ok: true, value });
  });

  it.each([
    { name: 'device token', uri: `${HOST}/devices/dev1`, extra: '' },
    { name: 'module token', uri: `${HOST}/devices/dev1/modules/m1`, extra: ';ModuleId=m1' },
    { name: 'host case differs', uri: `MyHub.Azure-Devices.net/devices/dev1`, extra: '' },
  ])('SharedAccessSignature: $name', async ({ uri, extra }) => {
    const token = await signSasToken({ resourceUri: uri, key: KEY, expiresAt: SE });
    const result = parseConnectionString(`${BASE}${extra};SharedAccessSignature=${token}`);
    expect(result).toMatchObject({
      ok: true,
      value: { auth: { kind: 'sas', sharedAccessSignature: token, expiresAt: SE } },
    });
  });
});

describe('parseServiceConnectionString', () => {
  it('parses iothubowner', () => {
    expect(
      parseServiceConnectionString(
        `HostName=${HOST};SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`,
      ),
    ).toEqual({
      ok: true,
      value: { hostName: HOST, sharedAccessKeyName: 'iothubowner', sharedAccessKey: KEY },
    });
  });

  it.each([
    [
      `${BASE};SharedAccessKey=${KEY}`,
      'DeviceId',
      'DeviceId belongs in a device connection string; a service connection string has HostName, SharedAccessKeyName and SharedAccessKey',
    ],
    [
      `SharedAccessKeyName=s;SharedAccessKey=${KEY}`,
      'HostName',
      'HostName is missing: it names the IoT hub',
    ],
    [
      `HostName=${HOST};SharedAccessKey=${KEY}`,
      'SharedAccessKeyName',
      'SharedAccessKeyName is missing: it names the shared access policy, e.g. iothubowner',
    ],
    [
      `HostName=${HOST};SharedAccessKeyName=s`,
      'SharedAccessKey',
      "SharedAccessKey is missing: it is the policy's key",
    ],
    [
      `HostName=${HOST};SharedAccessKeyName=s;SharedAccessKey=!!`,
      'SharedAccessKey',
      "SharedAccessKey is not base64: copy the whole key, including any trailing '='",
    ],
    [
      `HostName=a:1;SharedAccessKeyName=s;SharedAccessKey=${KEY}`,
      'HostName',
      'HostName cannot carry a port; to reach a gateway or emulator on another port, set GatewayHostName=host:port',
    ],
  ])('%s', (input, field, message) => {
    expect(parseServiceConnectionString(input)).toEqual({ ok: false, error: { field, message } });
  });
});

describe('build connection strings', () => {
  it.each([
    [
      { hostName: HOST, deviceId: 'd', moduleId: undefined, sharedAccessKey: KEY },
      `HostName=${HOST};DeviceId=d;SharedAccessKey=${KEY}`,
    ],
    [
      { hostName: HOST, deviceId: 'd', moduleId: 'm', sharedAccessKey: KEY, gatewayHostName: 'gw' },
      `HostName=${HOST};DeviceId=d;ModuleId=m;SharedAccessKey=${KEY};GatewayHostName=gw`,
    ],
  ])('buildDeviceConnectionString %j', (input, expected) => {
    expect(buildDeviceConnectionString(input)).toBe(expected);
    const parsed = parseConnectionString(expected);
    expect(
      parsed.ok && [parsed.value.hostName, parsed.value.deviceId, parsed.value.moduleId],
    ).toEqual([HOST, 'd', input.moduleId]);
  });

  it('buildServiceConnectionString round-trips', () => {
    const info = { hostName: HOST, sharedAccessKeyName: 'service', sharedAccessKey: KEY };
    const text = buildServiceConnectionString(info);
    expect(text).toBe(`HostName=${HOST};SharedAccessKeyName=service;SharedAccessKey=${KEY}`);
    expect(parseServiceConnectionString(text)).toEqual({ ok: true, value: info });
  });
});

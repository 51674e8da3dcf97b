import { describe, expect, it } from 'vitest';

import {
  API_VERSION,
  buildClientId,
  buildUsername,
  parseUsername,
  websocketUrl,
} from './mqtt-connect.ts';

const HOST = 'myhub.azure-devices.net';

describe('buildClientId', () => {
  it.each<[string, string | undefined, string]>([
    ['dev1', undefined, 'dev1'],
    ['dev1', 'mod1', 'dev1/mod1'],
    ['dev1', '', 'dev1'],
  ])('%s %s -> %s', (deviceId, moduleId, expected) => {
    expect(buildClientId(deviceId, moduleId)).toBe(expected);
  });
});

describe('buildUsername', () => {
  it.each([
    [{ hostName: HOST, deviceId: 'dev1' }, `${HOST}/dev1/?api-version=2021-04-12`],
    [{ hostName: HOST, deviceId: 'dev1', moduleId: 'm' }, `${HOST}/dev1/m/?api-version=2021-04-12`],
    [
      {
        hostName: HOST,
        deviceId: 'dev1',
        modelId: 'dtmi:com:example:Thermostat;1',
        clientType: 'iothub-device-console/0.1.0 (browser; Chromium)',
      },
      `${HOST}/dev1/?api-version=2021-04-12&model-id=dtmi:com:example:Thermostat;1&DeviceClientType=iothub-device-console%2F0.1.0%20(browser%3B%20Chromium)`,
    ],
    [
      { hostName: HOST, deviceId: 'd', apiVersion: '2020-09-30' },
      `${HOST}/d/?api-version=2020-09-30`,
    ],
  ])('%j', (input, expected) => {
    expect(buildUsername(input)).toBe(expected);
  });

  it('uses the Node api-version by default', () => {
    expect(API_VERSION).toBe('2021-04-12');
  });
});

describe('parseUsername', () => {
  it.each([
    [
      'Node device with model-id raw',
      `${HOST}/dev1/?api-version=2021-04-12&model-id=dtmi:com:example:Thermostat;1&DeviceClientType=azure-iot-device%2F1.18.4%20(node%20v20.0.0%3B%20Linux%3B%20x64)`,
      {
        hostName: HOST,
        deviceId: 'dev1',
        query: {
          'api-version': '2021-04-12',
          'model-id': 'dtmi:com:example:Thermostat;1',
          DeviceClientType: 'azure-iot-device/1.18.4 (node v20.0.0; Linux; x64)',
        },
      },
    ],
    [
      'C module, url-encoded model-id',
      `${HOST}/dev1/mod1/?api-version=2020-09-30&DeviceClientType=iothubclient%2f1.0&model-id=dtmi%3Aa%3Bb%3B1`,
      {
        hostName: HOST,
        deviceId: 'dev1',
        moduleId: 'mod1',
        query: {
          'api-version': '2020-09-30',
          DeviceClientType: 'iothubclient/1.0',
          'model-id': 'dtmi:a;b;1',
        },
      },
    ],
    [
      'legacy without ?',
      `${HOST}/dev1/api-version=2016-11-14&DeviceClientType=c%2F1`,
      {
        hostName: HOST,
        deviceId: 'dev1',
        query: { 'api-version': '2016-11-14', DeviceClientType: 'c/1' },
      },
    ],
    ['no query at all', `${HOST}/dev1/`, { hostName: HOST, deviceId: 'dev1', query: {} }],
    [
      '? without /',
      `${HOST}/dev1?api-version=x`,
      { hostName: HOST, deviceId: 'dev1', query: { 'api-version': 'x' } },
    ],
    [
      "'?' inside a device ID",
      `${HOST}/what?now/?api-version=1&flag`,
      { hostName: HOST, deviceId: 'what?now', query: { 'api-version': '1', flag: '' } },
    ],
    [
      'bad escape kept raw',
      `${HOST}/d/?x=%zz`,
      { hostName: HOST, deviceId: 'd', query: { x: '%zz' } },
    ],
  ])('%s', (_name, username, value) => {
    expect(parseUsername(username)).toEqual({ ok: true, value });
  });

  it('round-trips buildUsername', () => {
    const built = buildUsername({
      hostName: HOST,
      deviceId: 'd:1',
      moduleId: 'm',
      modelId: 'dtmi:x;2',
      clientType: 'a&b=c',
    });
    expect(parseUsername(built)).toEqual({
      ok: true,
      value: {
        hostName: HOST,
        deviceId: 'd:1',
        moduleId: 'm',
        query: { 'api-version': API_VERSION, 'model-id': 'dtmi:x;2', DeviceClientType: 'a&b=c' },
      },
    });
  });

  const shape = (u: string) =>
    `Username '${u}' should be {hostName}/{deviceId}/?api-version=... or {hostName}/{deviceId}/{moduleId}/?api-version=...`;
  it.each([
    [HOST, shape(HOST)],
    ['', shape('')],
    [`${HOST}/a/b/c/?api-version=1`, shape(`${HOST}/a/b/c/?api-version=1`)],
    [`/dev1/?api-version=1`, "Username '/dev1/?api-version=1' has an empty host name"],
    [`${HOST}//?api-version=1`, `Username '${HOST}//?api-version=1' has an empty device ID`],
    [`${HOST}/d//?api-version=1`, `Username '${HOST}/d//?api-version=1' has an empty module ID`],
  ])('rejects %j', (username, error) => {
    expect(parseUsername(username)).toEqual({ ok: false, error });
  });
});

describe('websocketUrl', () => {
  it.each([
    [HOST, undefined, `wss://${HOST}:443/$iothub/websocket`],
    ['localhost:8443', undefined, 'wss://localhost:8443/$iothub/websocket'],
    ['localhost:8080', { secure: false }, 'ws://localhost:8080/$iothub/websocket'],
    ['localhost', { secure: false }, 'ws://localhost:80/$iothub/websocket'],
  ])('%s %j', (host, opts, expected) => {
    expect(websocketUrl(host, opts)).toBe(expected);
  });
});

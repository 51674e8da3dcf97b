import { describe, expect, it } from 'vitest';

import { parseConnectionString } from './connection-string.ts';

// Every defect names its field and says what is wrong (spec §2, issue 2).
const KEY = 'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=';
const HOST = 'myhub.azure-devices.net';
const BASE = `HostName=${HOST};DeviceId=dev1`;
const SE = 1_700_003_600;

describe('parseConnectionString: refusals and defects', () => {
  const sas = `SharedAccessSignature sr=${HOST}%2Fdevices%2Fdev2&sig=abc&se=${SE}`;
  it.each([
    ['', undefined, 'The connection string is empty'],
    ['""', undefined, 'The connection string is empty'],
    [
      `HostName=${HOST};SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`,
      'SharedAccessKeyName',
      'This is a service (hub-level) connection string: SharedAccessKeyName without DeviceId is for the hub, not a device. Use the device’s own connection string from the portal (IoT Hub > Devices > your device > Primary connection string) or from the registry.',
    ],
    [
      `${BASE};x509=true`,
      'x509',
      'x509=true: this identity authenticates with an X.509 client certificate, which a browser cannot present over a WebSocket connection. Use a device with symmetric-key (SAS) authentication; to run this X.509 device against the local emulator, use an Azure IoT device SDK as docs/emulator.md ("X.509 devices") describes.',
    ],
    [
      `DeviceId=d;SharedAccessKey=${KEY}`,
      'HostName',
      'HostName is missing: it names the IoT hub, e.g. myhub.azure-devices.net',
    ],
    [
      `HostName=${HOST};SharedAccessKey=${KEY}`,
      'DeviceId',
      'DeviceId is missing: a device connection string names its device',
    ],
    [
      BASE,
      'SharedAccessKey',
      'SharedAccessKey is missing: a device connection string needs SharedAccessKey (or SharedAccessSignature)',
    ],
    [`${BASE};DeviceId=dev2;SharedAccessKey=${KEY}`, 'DeviceId', 'DeviceId appears more than once'],
    [`${BASE};SharedAccessKey=`, 'SharedAccessKey', 'SharedAccessKey is empty'],
    [`${BASE};SharedAccessKey=""`, 'SharedAccessKey', 'SharedAccessKey is empty'],
    [
      `${BASE};SharedAccessKey=abc`,
      'SharedAccessKey',
      "SharedAccessKey is not base64: copy the whole key, including any trailing '='",
    ],
    [
      `${BASE};SharedAccessKey=${KEY.slice(0, -1)}`,
      'SharedAccessKey',
      "SharedAccessKey is not base64: copy the whole key, including any trailing '='",
    ],
    [
      `Hostname=${HOST};DeviceId=d;SharedAccessKey=${KEY}`,
      'Hostname',
      "Unknown key 'Hostname': keys are case-sensitive, did you mean HostName?",
    ],
    [
      `${BASE};SharedAcessKey=${KEY}`,
      'SharedAcessKey',
      "Unknown key 'SharedAcessKey': did you mean SharedAccessKey?",
    ],
    [
      `${BASE};Foo=bar`,
      'Foo',
      "Unknown key 'Foo': a device connection string has HostName, DeviceId, ModuleId, SharedAccessKey, SharedAccessKeyName, SharedAccessSignature, GatewayHostName, x509",
    ],
    [
      `${BASE};SharedAccessKey`,
      undefined,
      "'SharedAccessKey' is not Key=Value (segments are separated by ';')",
    ],
    [`${BASE};=x`, undefined, "'=x' has a value but no key"],
    [
      `HostName=https://${HOST};DeviceId=d;SharedAccessKey=${KEY}`,
      'HostName',
      "HostName must be a bare host name, without 'https://'",
    ],
    [
      `HostName=${HOST}:443;DeviceId=d;SharedAccessKey=${KEY}`,
      'HostName',
      'HostName cannot carry a port; to reach a gateway or emulator on another port, set GatewayHostName=host:port',
    ],
    [
      `HostName=${HOST}/x;DeviceId=d;SharedAccessKey=${KEY}`,
      'HostName',
      "HostName must not contain a path ('/')",
    ],
    [
      `HostName=my hub;DeviceId=d;SharedAccessKey=${KEY}`,
      'HostName',
      "HostName 'my hub' is not a valid host name",
    ],
    [
      `${BASE};GatewayHostName=gw:99999x;SharedAccessKey=${KEY}`,
      'GatewayHostName',
      "GatewayHostName 'gw:99999x' is not a valid host name",
    ],
    [
      `HostName=${HOST};DeviceId=a/b;SharedAccessKey=${KEY}`,
      'DeviceId',
      "DeviceId contains '/', which IoT Hub does not allow in IDs",
    ],
    [
      `HostName=${HOST};DeviceId=${'d'.repeat(129)};SharedAccessKey=${KEY}`,
      'DeviceId',
      'DeviceId is 129 characters; IoT Hub allows 128',
    ],
    [
      `${BASE};ModuleId=m ü;SharedAccessKey=${KEY}`,
      'ModuleId',
      "ModuleId contains ' ', which IoT Hub does not allow in IDs",
    ],
    [
      `${BASE};SharedAccessKey=${KEY};SharedAccessSignature=${sas}`,
      'SharedAccessSignature',
      'Give either SharedAccessKey or SharedAccessSignature, not both',
    ],
    [
      `${BASE};SharedAccessKeyName=device;SharedAccessSignature=${sas}`,
      'SharedAccessKeyName',
      'SharedAccessKeyName goes with SharedAccessKey, not with SharedAccessSignature',
    ],
    [
      `${BASE};SharedAccessSignature=sr=x&sig=y&se=1`,
      'SharedAccessSignature',
      "SharedAccessSignature: A SAS token looks like 'SharedAccessSignature sr=...&sig=...&se=...'",
    ],
    [
      `${BASE};SharedAccessSignature=${sas}`,
      'DeviceId',
      `The token is for DeviceId 'dev2' (sr=${HOST}/devices/dev2) but the connection string says 'dev1'`,
    ],
    [
      `HostName=other.azure-devices.net;DeviceId=dev2;SharedAccessSignature=${sas}`,
      'HostName',
      `The token is for HostName '${HOST}' (sr=${HOST}/devices/dev2) but the connection string says 'other.azure-devices.net'`,
    ],
    [
      `HostName=${HOST};DeviceId=dev2;ModuleId=m;SharedAccessSignature=${sas}`,
      'ModuleId',
      `The token is for ModuleId '(none)' (sr=${HOST}/devices/dev2) but the connection string says 'm'`,
    ],
    [
      `${BASE};SharedAccessSignature=SharedAccessSignature sr=${HOST}%2Fdevices&sig=a&se=1`,
      'SharedAccessSignature',
      `The token's sr '${HOST}/devices' does not name a device: expected {host}/devices/{deviceId}[/modules/{moduleId}]`,
    ],
  ])('%s', (input, field, message) => {
    const error = field === undefined ? { message } : { field, message };
    expect(parseConnectionString(input)).toEqual({ ok: false, error });
  });
});

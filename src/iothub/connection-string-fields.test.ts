import { describe, expect, it } from 'vitest';

import {
  checkBase64Key,
  checkHost,
  checkId,
  KNOWN_KEYS,
  missing,
  splitConnectionString,
} from './connection-string-fields.ts';

describe('splitConnectionString', () => {
  it.each([
    ['HostName=h;DeviceId=d', { HostName: 'h', DeviceId: 'd' }],
    [" 'HostName=h ; x509 = true ;' ", { HostName: 'h', x509: 'true' }],
    [
      'SharedAccessSignature=SharedAccessSignature sr=a&sig=b=&se=1',
      { SharedAccessSignature: 'SharedAccessSignature sr=a&sig=b=&se=1' },
    ],
    [';;HostName="h";;', { HostName: 'h' }],
  ])('%j', (input, fields) => {
    expect(splitConnectionString(input)).toEqual({ ok: true, value: fields });
  });

  it.each([
    ['   ', { message: 'The connection string is empty' }],
    [
      'HOSTNAME=h',
      {
        field: 'HOSTNAME',
        message: "Unknown key 'HOSTNAME': keys are case-sensitive, did you mean HostName?",
      },
    ],
    [
      'X509=true',
      { field: 'X509', message: "Unknown key 'X509': keys are case-sensitive, did you mean x509?" },
    ],
    ['DevicId=d', { field: 'DevicId', message: "Unknown key 'DevicId': did you mean DeviceId?" }],
    ['HostName=a;HostName=a', { field: 'HostName', message: 'HostName appears more than once' }],
  ])('rejects %j', (input, error) => {
    expect(splitConnectionString(input)).toEqual({ ok: false, error });
  });

  it('knows the spec §2 keys', () => {
    expect(KNOWN_KEYS).toEqual([
      'HostName',
      'DeviceId',
      'ModuleId',
      'SharedAccessKey',
      'SharedAccessKeyName',
      'SharedAccessSignature',
      'GatewayHostName',
      'x509',
    ]);
  });
});

describe('field checks', () => {
  it('missing', () => {
    expect(missing('DeviceId', 'why')).toEqual({
      ok: false,
      error: { field: 'DeviceId', message: 'DeviceId is missing: why' },
    });
  });

  it.each([
    ['AQID', true],
    ['AQI', false],
  ])('checkBase64Key %s ok=%s', (value, ok) => {
    expect(checkBase64Key('SharedAccessKey', value).ok).toBe(ok);
  });

  it.each([
    ["a-b:c.d+e%f_g#h*i?j!k(l)m,n=o@p;q$r's", true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false],
    ['a b', false],
    ['ü', false],
  ])('checkId %s ok=%s', (value, ok) => {
    expect(checkId('DeviceId', value).ok).toBe(ok);
  });

  it.each([
    ['myhub.azure-devices.net', false, true],
    ['localhost:8443', true, true],
    ['localhost:8443', false, false],
    ['10.0.0.1', false, true],
    ['wss://h', true, false],
    ['h:', true, false],
    ['h_1', false, false],
  ])('checkHost %s allowPort=%s ok=%s', (value, allowPort, ok) => {
    expect(checkHost('GatewayHostName', value, allowPort).ok).toBe(ok);
  });
});

import { describe, expect, it } from 'vitest';

import {
  connackMeaning,
  grantedMeaning,
  sizeLabel,
  tokenExpiry,
  topicRole,
} from './packet-meaning.ts';

describe('packet meaning', () => {
  it('reads CONNACK codes the way IoT Hub uses them', () => {
    expect(connackMeaning(0)).toBe('Connection accepted');
    expect(connackMeaning(5)).toContain('401002 IotHubUnauthorizedAccess');
    expect(connackMeaning(3)).toContain('server unavailable');
    expect(connackMeaning(9)).toContain('not an MQTT 3.1.1 return code');
  });

  it('reads SUBACK codes', () => {
    expect(grantedMeaning(1)).toBe('QoS 1');
    expect(grantedMeaning(0x80)).toContain('refused');
  });

  it('names topics in IoT Hub terms with their $rid and status', () => {
    expect(topicRole('devices/d/messages/events/a=1')).toEqual({
      what: 'telemetry',
      response: false,
    });
    expect(topicRole('devices/d/modules/m/messages/events/').what).toBe('module telemetry');
    expect(topicRole('$iothub/twin/PATCH/properties/reported/?$rid=5')).toMatchObject({
      what: 'reported properties PATCH',
      rid: '5',
    });
    expect(topicRole('$iothub/twin/res/204/?$rid=5&$version=3')).toMatchObject({
      rid: '5',
      status: 204,
      response: true,
    });
    expect(topicRole('$iothub/twin/PATCH/properties/desired/?$version=4').what).toBe(
      'desired properties $version 4',
    );
    expect(topicRole('nope/x').what).toContain('unknown topic');
  });

  it('reads a token expiry and nothing else', () => {
    expect(tokenExpiry('SharedAccessSignature sr=h%2Fdevices%2Fd&sig=abc&se=1700000000')).toBe(
      1700000000,
    );
    expect(tokenExpiry('SharedAccessSignature se=12&sr=x')).toBe(12);
    expect(tokenExpiry('sig=abcse=5')).toBeUndefined();
  });

  it('labels sizes', () => {
    expect(sizeLabel(12)).toBe('12 B');
    expect(sizeLabel(3500)).toBe('3.4 kB');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  decodePropertyBag,
  emptyProperties,
  encodePropertyBag,
  SYSTEM_PROPERTY_WIRE_KEYS,
  type MessageProperties,
  type SystemPropertyName,
} from './property-bag.ts';

describe('emptyProperties', () => {
  it('has no properties and a fresh object each time', () => {
    expect(emptyProperties()).toEqual({ system: {}, application: {} });
    expect(emptyProperties()).not.toBe(emptyProperties());
  });
});

describe('SYSTEM_PROPERTY_WIRE_KEYS', () => {
  it('maps every system property to its spec §3.1 wire key', () => {
    expect(SYSTEM_PROPERTY_WIRE_KEYS).toEqual({
      messageId: '$.mid',
      correlationId: '$.cid',
      userId: '$.uid',
      to: '$.to',
      expiryTimeUtc: '$.exp',
      contentType: '$.ct',
      contentEncoding: '$.ce',
      creationTimeUtc: '$.ctime',
      outputName: '$.on',
      interfaceId: '$.ifid',
      componentName: '$.sub',
      messageSchema: '$.schema',
      diagId: '$.diagid',
      diagCorrelationContext: '$.diagctx',
      connectionDeviceId: '$.cdid',
      connectionModuleId: '$.cmid',
    });
  });
});

describe('encodePropertyBag', () => {
  it.each<[MessageProperties, string]>([
    [emptyProperties(), ''],
    [
      {
        system: {
          contentEncoding: 'utf-8',
          messageId: 'msg-1',
          contentType: 'application/json',
          correlationId: 'corr-1',
        },
        application: { alert: 'true' },
      },
      '%24.mid=msg-1&%24.cid=corr-1&%24.ct=application%2Fjson&%24.ce=utf-8&alert=true',
    ],
    [
      { system: { contentType: 'application/json;charset=utf-8' }, application: {} },
      '%24.ct=application%2Fjson%3Bcharset%3Dutf-8',
    ],
    [
      { system: {}, application: { 'a b': 'x&y=z', empty: '', 'ü/%': '$' } },
      'a%20b=x%26y%3Dz&empty=&%C3%BC%2F%25=%24',
    ],
    [
      {
        system: { outputName: 'out1', expiryTimeUtc: '2024-01-01T00:00:00.000Z' },
        application: {},
      },
      '%24.exp=2024-01-01T00%3A00%3A00.000Z&%24.on=out1',
    ],
  ])('%j -> %s', (props, expected) => {
    expect(encodePropertyBag(props)).toBe(expected);
  });
});

describe('decodePropertyBag', () => {
  it.each<[string, MessageProperties]>([
    ['', emptyProperties()],
    [
      '%24.mid=msg-1&%24.cid=corr-1&%24.ct=application%2Fjson&%24.ce=utf-8&alert=true',
      {
        system: {
          messageId: 'msg-1',
          correlationId: 'corr-1',
          contentType: 'application/json',
          contentEncoding: 'utf-8',
        },
        application: { alert: 'true' },
      },
    ],
    [
      '%24.mid=84c08717&%24.to=%2Fdevices%2Fmy-device-1%2Fmessages%2FdeviceBound&iothub-ack=full',
      {
        system: { messageId: '84c08717', to: '/devices/my-device-1/messages/deviceBound' },
        application: { 'iothub-ack': 'full' },
      },
    ],
    [
      '%24.mid=m&%24.exp=0&%24.to=%2Fdevices%2Fd%2Fmessages%2Fdevicebound&%24.cid=c&iothub-ack=full&property1=value1',
      {
        system: {
          messageId: 'm',
          expiryTimeUtc: '0',
          to: '/devices/d/messages/devicebound',
          correlationId: 'c',
        },
        application: { 'iothub-ack': 'full', property1: 'value1' },
      },
    ],
    [
      '$.ct=application%2Fjson%3Bcharset%3Dutf-8',
      { system: { contentType: 'application/json;charset=utf-8' }, application: {} },
    ],
    ['%24.on=out1/', { system: { outputName: 'out1' }, application: {} }],
    ['nullprop&empty=&x=1', { system: {}, application: { nullprop: '', empty: '', x: '1' } }],
    [
      'a=%zz&b=100%&c=%E0%A4%41',
      { system: {}, application: { a: '%zz', b: '100%', c: '%E0%A4A' } },
    ],
    ['a=1&&a=2', { system: {}, application: { a: '2' } }],
    ['a=b=c&plus=1+1', { system: {}, application: { a: 'b=c', plus: '1+1' } }],
    [
      '%24.cdid=dev1&%24.cmid=m&%24.sub=c1&%24.ifid=i&%24.uid=u&%24.ctime=t&%24.schema=s&%24.diagid=d&%24.diagctx=creationtimeutc%3D1',
      {
        system: {
          connectionDeviceId: 'dev1',
          connectionModuleId: 'm',
          componentName: 'c1',
          interfaceId: 'i',
          userId: 'u',
          creationTimeUtc: 't',
          messageSchema: 's',
          diagId: 'd',
          diagCorrelationContext: 'creationtimeutc=1',
        },
        application: {},
      },
    ],
    [
      '__proto__=x',
      { system: {}, application: JSON.parse('{"__proto__":"x"}') as Record<string, string> },
    ],
  ])('%s', (bag, expected) => {
    const decoded = decodePropertyBag(bag);
    expect(decoded).toEqual(expected);
    expect(Object.getPrototypeOf(decoded.application)).toBe(Object.prototype);
  });
});

describe('property bag round trip (property-based)', () => {
  const wireKeys = new Set(Object.values(SYSTEM_PROPERTY_WIRE_KEYS));
  const names = Object.keys(SYSTEM_PROPERTY_WIRE_KEYS) as SystemPropertyName[];
  // Unicode strings biased towards the characters that matter to the encoding.
  const tricky = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.string({
      unit: fc.constantFrom('&', '=', '%', '/', '$', ' ', '.', '+', '?', '#', 'a', '2', '%2', '😀'),
    }),
  );
  const system = fc.dictionary(fc.constantFrom(...names), tricky) as fc.Arbitrary<
    MessageProperties['system']
  >;
  const application = fc.dictionary(
    tricky.filter((k) => !wireKeys.has(k)),
    tricky,
  );

  it('decode(encode(x)) = x for arbitrary Unicode keys and values', () => {
    fc.assert(
      fc.property(system, application, (s, a) => {
        const props = { system: s, application: a };
        expect(decodePropertyBag(encodePropertyBag(props))).toEqual(props);
      }),
      { numRuns: 500 },
    );
  });

  it('survives the trailing / that sendOutputEvent adds', () => {
    fc.assert(
      fc.property(system, application, (s, a) => {
        const props = { system: s, application: a };
        expect(decodePropertyBag(`${encodePropertyBag(props)}/`)).toEqual(props);
      }),
      { numRuns: 200 },
    );
  });
});

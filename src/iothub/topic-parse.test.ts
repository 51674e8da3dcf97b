import { describe, expect, it } from 'vitest';

import { emptyProperties, type MessageProperties } from './property-bag.ts';
import {
  c2dTopic,
  methodRequestTopic,
  methodResponseTopic,
  moduleInputTopic,
  parseModuleInputTopic,
  parseTopic,
  parseTopicFilter,
  parseTopicQuery,
  telemetryTopic,
  twinDesiredTopic,
  twinGetTopic,
  twinReportedTopic,
  twinResponseTopic,
  type ParsedTopic,
} from './topics.ts';

const props: MessageProperties = {
  system: { messageId: 'm1', contentType: 'application/json' },
  application: { 'a b': '1/2' },
};
const BAG = '%24.mid=m1&%24.ct=application%2Fjson&a%20b=1%2F2';
const none = emptyProperties();

const unknown = (topic: string, reason: string): ParsedTopic => ({
  kind: 'unknown',
  topic,
  reason,
});
const NOT_DEVICE =
  'not a device topic IoT Hub accepts: expected devices/{id}[/modules/{id}]/messages/events/ or devices/{id}/messages/devicebound/';

describe('parseTopic', () => {
  it.each<[string, ParsedTopic]>([
    ['devices/d1/messages/events/', { kind: 'telemetry', deviceId: 'd1', properties: none }],
    ['devices/d1/messages/events', { kind: 'telemetry', deviceId: 'd1', properties: none }],
    [`devices/d1/messages/events/${BAG}`, { kind: 'telemetry', deviceId: 'd1', properties: props }],
    [
      'devices/d/modules/m/messages/events/%24.on=out1/',
      {
        kind: 'telemetry',
        deviceId: 'd',
        moduleId: 'm',
        properties: { system: { outputName: 'out1' }, application: {} },
      },
    ],
    [
      'devices/dev1/messages/events/%24.mid=abc&%24.ct=application%2Fjson&%24.ce=utf-8&temperatureAlert=true',
      {
        kind: 'telemetry',
        deviceId: 'dev1',
        properties: {
          system: { messageId: 'abc', contentType: 'application/json', contentEncoding: 'utf-8' },
          application: { temperatureAlert: 'true' },
        },
      },
    ],
    ['devices/d#1/messages/devicebound/', { kind: 'c2d', deviceId: 'd#1', properties: none }],
    [
      'devices/pubsub/messages/devicebound/%24.mid=2c&%24.to=%2Fdevices%2Fpubsub%2Fmessages%2Fdevicebound&%24.ce=utf-8&iothub-ack=none',
      {
        kind: 'c2d',
        deviceId: 'pubsub',
        properties: {
          system: {
            messageId: '2c',
            to: '/devices/pubsub/messages/devicebound',
            contentEncoding: 'utf-8',
          },
          application: { 'iothub-ack': 'none' },
        },
      },
    ],
    ['$iothub/twin/GET/?$rid=0f8c-11', { kind: 'twin-get', rid: '0f8c-11' }],
    ['$iothub/twin/PATCH/properties/reported/?$rid=7', { kind: 'twin-patch-reported', rid: '7' }],
    ['$iothub/twin/res/200/?$rid=3', { kind: 'twin-response', status: 200, rid: '3' }],
    [
      '$iothub/twin/res/204/?$rid=4&$version=2',
      { kind: 'twin-response', status: 204, rid: '4', version: 2 },
    ],
    [
      '$iothub/twin/res/400/?$version=2&$rid=a%2Fb',
      { kind: 'twin-response', status: 400, rid: 'a%2Fb', version: 2 },
    ],
    ['$iothub/twin/PATCH/properties/desired/?$version=8', { kind: 'twin-desired', version: 8 }],
    [
      '$iothub/methods/POST/getMaxMinReport/?$rid=1',
      { kind: 'method-request', name: 'getMaxMinReport', rid: '1' },
    ],
    ['$iothub/methods/res/500/?$rid=9', { kind: 'method-response', status: 500, rid: '9' }],
    // Unknown or malformed: a reason, never a throw.
    ['', unknown('', "IoT Hub topics start with 'devices/' or '$iothub/'")],
    ['foo/bar', unknown('foo/bar', "IoT Hub topics start with 'devices/' or '$iothub/'")],
    [
      'devices//messages/events/',
      unknown('devices//messages/events/', 'empty device ID after devices/'),
    ],
    [
      'devices/d/modules//messages/events/',
      unknown('devices/d/modules//messages/events/', 'empty module ID after modules/'),
    ],
    ['devices/d/messages/other/', unknown('devices/d/messages/other/', NOT_DEVICE)],
    ['devices/d', unknown('devices/d', NOT_DEVICE)],
    [
      'devices/d/modules/m/inputs/in1/',
      unknown(
        'devices/d/modules/m/inputs/in1/',
        'module input message (IoT Edge routing): see parseModuleInputTopic',
      ),
    ],
    [
      '$iothub/twin/GET',
      unknown(
        '$iothub/twin/GET',
        "no '/?' query: $iothub topics end in /?$rid=... or /?$version=...",
      ),
    ],
    [
      '$iothub/twin/GET?$rid=1',
      unknown(
        '$iothub/twin/GET?$rid=1',
        "no '/?' query: $iothub topics end in /?$rid=... or /?$version=...",
      ),
    ],
    ['$iothub/twin/GET/?', unknown('$iothub/twin/GET/?', 'missing $rid')],
    ['$iothub/twin/GET/?$rid=', unknown('$iothub/twin/GET/?$rid=', 'missing $rid')],
    [
      '$iothub/twin/res/204/?$version=2',
      unknown('$iothub/twin/res/204/?$version=2', 'missing $rid'),
    ],
    [
      '$iothub/twin/res/204/?$rid=1&$version=x',
      unknown('$iothub/twin/res/204/?$rid=1&$version=x', 'non-integer $version'),
    ],
    [
      '$iothub/twin/res/OK/?$rid=1',
      unknown(
        '$iothub/twin/res/OK/?$rid=1',
        "'$iothub/twin/res/OK' is not a twin or direct method topic IoT Hub accepts",
      ),
    ],
    [
      '$iothub/twin/PATCH/properties/desired/?$version=-1',
      unknown(
        '$iothub/twin/PATCH/properties/desired/?$version=-1',
        'missing or non-integer $version',
      ),
    ],
    [
      '$iothub/methods/POST//?$rid=1',
      unknown(
        '$iothub/methods/POST//?$rid=1',
        "'$iothub/methods/POST/' is not a twin or direct method topic IoT Hub accepts",
      ),
    ],
    ['$iothub/methods/POST/m/?x=1', unknown('$iothub/methods/POST/m/?x=1', 'missing $rid')],
  ])('%s', (topic, expected) => {
    expect(parseTopic(topic)).toEqual(expected);
  });

  it.each([
    twinGetTopic('r'),
    twinReportedTopic('r'),
    twinResponseTopic(429, 'r', 11),
    twinDesiredTopic(1),
    methodRequestTopic('reboot', 'r'),
    methodResponseTopic(200, 'r'),
    telemetryTopic({ deviceId: 'd', moduleId: 'm' }, props),
    c2dTopic('d', props),
  ])('parses what the builders make: %s', (topic) => {
    expect(parseTopic(topic).kind).not.toBe('unknown');
  });
});

describe('parseTopicQuery', () => {
  it.each([
    ['$rid=1&$version=2', { $rid: '1', $version: '2' }],
    ['%24rid=a%2Fb&flag&=x', { $rid: 'a%2Fb', flag: '', '': 'x' }],
    ['', {}],
  ])('%s', (query, expected) => {
    expect(parseTopicQuery(query)).toEqual(expected);
  });
});

describe('parseModuleInputTopic', () => {
  it.each([
    [
      moduleInputTopic('d', 'm', 'in1', props),
      { deviceId: 'd', moduleId: 'm', inputName: 'in1', properties: props },
    ],
    [
      'devices/d/modules/m/inputs/in1',
      { deviceId: 'd', moduleId: 'm', inputName: 'in1', properties: none },
    ],
    ['devices/d/modules/m/inputs/', undefined],
    ['devices/d/messages/events/', undefined],
  ])('%s', (topic, expected) => {
    expect(parseModuleInputTopic(topic)).toEqual(expected);
  });
});

describe('parseTopicFilter', () => {
  const reason =
    'IoT Hub accepts only its documented filters (devicebound/#, twin res/#, desired/#, methods POST/#)';
  it.each([
    ['devices/d1/messages/devicebound/#', { kind: 'c2d', deviceId: 'd1' }],
    ['devices/d/modules/m/inputs/#', { kind: 'module-inputs', deviceId: 'd', moduleId: 'm' }],
    ['devices/d/modules/m/#', { kind: 'module-inputs', deviceId: 'd', moduleId: 'm' }],
    ['$iothub/twin/res/#', { kind: 'twin-responses' }],
    ['$iothub/twin/PATCH/properties/desired/#', { kind: 'twin-desired' }],
    ['$iothub/methods/POST/#', { kind: 'methods' }],
    ['#', { kind: 'unknown', filter: '#', reason }],
    [
      'devices/d1/messages/devicebound/+',
      { kind: 'unknown', filter: 'devices/d1/messages/devicebound/+', reason },
    ],
    [
      'devices//messages/devicebound/#',
      { kind: 'unknown', filter: 'devices//messages/devicebound/#', reason },
    ],
    [
      '$iothub/methods/POST/reboot',
      { kind: 'unknown', filter: '$iothub/methods/POST/reboot', reason },
    ],
    ['$iothub/twin/res/+', { kind: 'unknown', filter: '$iothub/twin/res/+', reason }],
  ])('%s', (filter, expected) => {
    expect(parseTopicFilter(filter)).toEqual(expected);
  });
});

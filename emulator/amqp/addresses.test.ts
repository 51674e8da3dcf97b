// Link addresses as the SDKs write them, and Event Hubs start positions as @azure/event-hubs
// writes its selector filter.
import { describe, expect, test } from 'vitest';

import { c2dTarget, parseAddress } from './addresses.ts';
import { startPosition } from './event-position.ts';
import { partitionOf } from './partitions.ts';

describe('parseAddress', () => {
  test.each([
    ['$cbs', { kind: 'cbs' }],
    ['/messages/devicebound', { kind: 'service-c2d' }],
    ['amqps://hub.azure-devices.net/messages/serviceBound/feedback', { kind: 'feedback' }],
    ['/messages/servicebound/feedback', { kind: 'feedback' }],
    ['hub/$management', { kind: 'management' }],
    // IoT Hub's own name for its built-in endpoint, answered with a redirect (redirect.ts).
    ['amqps://hub.azure-devices.net/messages/events/$management', { kind: 'events-redirect' }],
    ['/messages/events/', { kind: 'events-redirect' }],
    [
      'hub/ConsumerGroups/$Default/Partitions/3',
      { kind: 'partition', eventHub: 'hub', consumerGroup: '$Default', partition: '3' },
    ],
    ['/devices/d%201/messages/events', { kind: 'device-events', deviceId: 'd 1' }],
    ['/devices/d1/messages/deviceBound', { kind: 'device-c2d', deviceId: 'd1' }],
    ['/devices/d1/modules/m1/twin', { kind: 'device-twin', deviceId: 'd1', moduleId: 'm1' }],
    ['/devices/d1/methods/devicebound', { kind: 'device-methods', deviceId: 'd1' }],
    ['/devices/d1/elsewhere', { kind: 'unknown', address: '/devices/d1/elsewhere' }],
  ])('%s', (address, expected) => {
    expect(parseAddress(address)).toEqual(expected);
  });

  test('c2dTarget takes device addresses only', () => {
    expect(c2dTarget('/devices/a%2Fb/messages/devicebound')).toBe('a/b');
    expect(c2dTarget('/devices/d/modules/m/messages/devicebound')).toBeUndefined();
    expect(c2dTarget(undefined)).toBeUndefined();
  });
});

describe('startPosition', () => {
  const filter = (s: string) => ({ 'apache.org:selector-filter:string': { value: s } });
  test.each([
    ["amqp.annotation.x-opt-offset > '-1'", { kind: 'after-sequence', sequence: 0 }],
    ["amqp.annotation.x-opt-offset > '@latest'", { kind: 'latest' }],
    ["amqp.annotation.x-opt-offset >= '7'", { kind: 'after-sequence', sequence: 6 }],
    ["amqp.annotation.x-opt-sequence-number > '7'", { kind: 'after-sequence', sequence: 7 }],
    [
      "amqp.annotation.x-opt-enqueued-time >= '1700000000000'",
      { kind: 'after-time', ms: 1700000000000, inclusive: true },
    ],
  ])('%s', (selector, expected) => {
    expect(startPosition(filter(selector))).toEqual(expected);
  });

  test('no filter reads from the start; a bad one is refused', () => {
    expect(startPosition(undefined)).toEqual({ kind: 'after-sequence', sequence: 0 });
    expect(() => startPosition(filter('x > 1'))).toThrow(/Unsupported/);
    expect(() => startPosition(filter("amqp.annotation.x-opt-offset > 'abc'"))).toThrow(/whole/);
  });
});

test('a device always lands on the same partition, case-insensitively', () => {
  expect(partitionOf('Device-1', 4)).toBe(partitionOf('DEVICE-1', 4));
  const spread = new Set(Array.from({ length: 64 }, (_, i) => partitionOf(`d${i}`, 4)));
  expect(spread).toEqual(new Set([0, 1, 2, 3]));
});

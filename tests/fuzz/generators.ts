// Seeded, pure generators of hostile MQTT packets for the emulator's fuzzers (issue 12,
// "Fuzzers"; docs/reliability.md). Same seed, same bytes: a failure is replayed from its seed.
import mqttPacket from 'mqtt-packet';

import { seededRandom } from '../crash/emulator-process';

/** The crash tests' seeded PRNG (mulberry32), reused so both replay from a seed. */
export const rng = seededRandom;

const int = (r: () => number, n: number) => Math.floor(r() * n);

function validPacket(r: () => number): Buffer {
  const topic = `devices/d${int(r, 100)}/messages/events/`;
  const kinds: mqttPacket.Packet[] = [
    {
      cmd: 'publish',
      topic,
      payload: Buffer.alloc(int(r, 64), int(r, 256)),
      qos: 1,
      messageId: 1 + int(r, 65535),
      retain: false,
      dup: false,
    },
    {
      cmd: 'subscribe',
      messageId: 1 + int(r, 65535),
      subscriptions: [{ topic: '$iothub/twin/res/#', qos: 0 }],
    },
    { cmd: 'pingreq' },
  ];
  return mqttPacket.generate(kinds[int(r, kinds.length)]!);
}

/** Bit flips, truncation or duplication of a valid packet's bytes. */
export function mutated(r: () => number): Buffer {
  const b = Buffer.from(validPacket(r));
  switch (int(r, 3)) {
    case 0:
      for (let i = 0; i < 1 + int(r, 4); i++) b[int(r, b.length)]! ^= 1 << int(r, 8);
      return b;
    case 1:
      return b.subarray(0, int(r, b.length));
    default:
      return Buffer.concat([b, b.subarray(int(r, b.length))]);
  }
}

/** A PUBLISH header announcing the largest remaining length MQTT allows (268,435,455). */
export function hugeRemainingLength(): Buffer {
  return Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]);
}

/** A PUBLISH whose topic is not valid UTF-8 (MQTT 3.1.1 section 1.5.3). */
export function invalidUtf8Topic(): Buffer {
  const topic = Buffer.from([0x64, 0xc3, 0x28, 0xff]);
  const body = Buffer.concat([Buffer.from([0, topic.length]), topic, Buffer.from('x')]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

export function manyFilters(n: number): Buffer {
  const subscriptions = Array.from({ length: n }, (_, i) => ({ topic: `f/${i}`, qos: 0 as const }));
  return mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions });
}

export function deepTopic(levels: number): Buffer {
  return mqttPacket.generate({
    cmd: 'publish',
    topic: Array.from({ length: levels }, () => 'a').join('/'),
    payload: Buffer.from('x'),
    qos: 0,
    retain: false,
    dup: false,
  });
}

/** The next hostile packet for the given PRNG. */
export function nextPacket(r: () => number): Buffer {
  switch (int(r, 6)) {
    case 0:
      return hugeRemainingLength();
    case 1:
      return invalidUtf8Topic();
    case 2:
      return manyFilters(1000 + int(r, 3000));
    case 3:
      return deepTopic(101 + int(r, 100));
    case 4:
      return validPacket(r);
    default:
      return mutated(r);
  }
}

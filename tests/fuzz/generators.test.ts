// The fuzz generators are deterministic per seed (so a failure replays) and produce the hostile
// shapes docs/reliability.md lists.
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';

import { deepTopic, manyFilters, nextPacket, rng } from './generators';

describe('fuzz generators', () => {
  it('same seed, same packets', () => {
    const a = rng(42),
      b = rng(42);
    for (let i = 0; i < 50; i++) expect(nextPacket(a).equals(nextPacket(b))).toBe(true);
  });
  it('builds a SUBSCRIBE with thousands of filters and a topic deeper than 100 levels', () => {
    const parser = mqttPacket.parser();
    const seen: mqttPacket.Packet[] = [];
    parser.on('packet', (p) => seen.push(p));
    parser.parse(manyFilters(3000));
    parser.parse(deepTopic(150));
    expect((seen[0] as mqttPacket.ISubscribePacket).subscriptions).toHaveLength(3000);
    expect((seen[1] as mqttPacket.IPublishPacket).topic.split('/')).toHaveLength(150);
  });
});

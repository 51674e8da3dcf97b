// Arbitrary journal records for property tests: any bytes as the body, any optional field
// present or not.
import fc from 'fast-check';

import { SYSTEM_PROPERTY_WIRE_KEYS, type SystemPropertyName } from '../iothub/property-bag.ts';

import { JOURNAL_KINDS } from './journal-import-fields.ts';
import type { JournalRecord } from './journal.ts';

const SYSTEM_NAMES = Object.keys(SYSTEM_PROPERTY_WIRE_KEYS) as SystemPropertyName[];
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));

export const arbitraryProperties = fc.record({
  system: fc
    .subarray(SYSTEM_NAMES)
    .chain((names) =>
      fc
        .tuple(...names.map(() => fc.string()))
        .map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]]))),
    ),
  application: fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
});

export const arbitraryRecord: fc.Arbitrary<JournalRecord> = fc.record(
  {
    seq: fc.nat(),
    identity: fc.string(),
    direction: fc.constantFrom('in', 'out', 'local'),
    kind: fc.constantFrom(...JOURNAL_KINDS),
    at: fc.integer({ min: 0, max: 8.64e15 }),
    topic: fc.string(),
    properties: arbitraryProperties,
    body: fc.uint8Array({ maxLength: 64 }),
    state: fc.string(),
    status: fc.integer({ min: -1000, max: 1000 }),
    ackAt: fc.integer({ min: 0, max: 8.64e15 }),
    latencyMs: finite,
    rid: fc.string(),
    label: fc.string(),
    note: fc.string(),
  },
  { requiredKeys: ['seq', 'identity', 'direction', 'kind', 'at', 'body'] },
) as fc.Arbitrary<JournalRecord>;

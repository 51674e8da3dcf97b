import { describe, expect, it } from 'vitest';

import { desiredPatchOf, type NameKind } from './digital-twin.ts';

const kinds: Record<string, NameKind> = { thermostat1: 'component', serialNumber: 'property' };
const kindOf = (name: string): NameKind => kinds[name] ?? 'unknown';

describe('desiredPatchOf', () => {
  it('maps add, replace and remove on root and component properties to a desired merge patch', () => {
    expect(
      desiredPatchOf(
        [
          { op: 'add', path: '/targetHumidity', value: 40 },
          { op: 'replace', path: '/thermostat1/targetTemperature', value: 21 },
          { op: 'remove', path: '/thermostat1/mode' },
          { op: 'add', path: '/thermostat2', value: { $metadata: {}, targetTemperature: 18 } },
          { op: 'add', path: '/deviceInformation/manufacturer', value: 'Contoso' },
          { op: 'remove', path: '/serialNumber' },
          { op: 'add', path: '/a~1b', value: 1 },
        ],
        kindOf,
      ),
    ).toEqual({
      targetHumidity: 40,
      thermostat1: { __t: 'c', targetTemperature: 21, mode: null },
      thermostat2: { __t: 'c', targetTemperature: 18 },
      deviceInformation: { __t: 'c', manufacturer: 'Contoso' },
      serialNumber: null,
      'a/b': 1,
    });
  });

  it('refuses what is not a JSON Patch it can apply, with ArgumentInvalid', () => {
    for (const [body, reason] of [
      [{ op: 'add' }, 'non-empty array'],
      [[], 'non-empty array'],
      [[{ op: 'move', path: '/a', from: '/b' }], 'add, replace or remove'],
      [[{ op: 'add', path: 'a', value: 1 }], 'must name a property'],
      [[{ op: 'add', path: '/a' }], 'needs a value'],
      [
        [
          { op: 'add', path: '/c', value: { $metadata: {} } },
          { op: 'add', path: '/d', value: 3 },
        ],
        '',
      ],
    ] as const) {
      if (reason === '') expect(() => desiredPatchOf(body, kindOf)).not.toThrow();
      else expect(() => desiredPatchOf(body, kindOf)).toThrow(reason);
    }
  });
});

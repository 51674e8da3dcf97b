import { describe, expect, it } from 'vitest';

import { c2dPath, methodsPath, sentBy, targetLabel, twinPath } from './service-paths.ts';

describe('service paths', () => {
  const device = { deviceId: 'thermo 1' };
  const module = { deviceId: 'edge-1', moduleId: 'filter/a' };

  it('acts on the device twin, methods and C2D queue', () => {
    expect(twinPath(device)).toBe('/twins/thermo%201');
    expect(methodsPath(device)).toBe('/twins/thermo%201/methods');
    expect(c2dPath(device)).toBe('/devices/thermo%201/messages/deviceBound');
    expect(targetLabel(device)).toBe('thermo 1');
  });

  it('acts on the module twin and methods, and has no C2D path for a module', () => {
    expect(twinPath(module)).toBe('/twins/edge-1/modules/filter%2Fa');
    expect(methodsPath(module)).toBe('/twins/edge-1/modules/filter%2Fa/methods');
    expect(c2dPath(module)).toBeUndefined();
    expect(targetLabel(module)).toBe('edge-1/filter/a');
  });

  it('keeps only the telemetry this identity sent', () => {
    const fromDevice = { deviceId: 'edge-1', moduleId: null };
    const fromModule = { deviceId: 'edge-1', moduleId: 'filter/a' };
    const fromOther = { deviceId: 'edge-1', moduleId: 'other' };
    expect(sentBy({ deviceId: 'edge-1' }, fromDevice)).toBe(true);
    expect(sentBy({ deviceId: 'edge-1' }, { deviceId: 'edge-1' })).toBe(true);
    expect(sentBy({ deviceId: 'edge-1' }, fromModule)).toBe(false);
    expect(sentBy(module, fromModule)).toBe(true);
    expect(sentBy(module, fromDevice)).toBe(false);
    expect(sentBy(module, fromOther)).toBe(false);
    expect(sentBy(module, { deviceId: 'edge-2', moduleId: 'filter/a' })).toBe(false);
  });
});

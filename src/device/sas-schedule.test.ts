import { describe, expect, it } from 'vitest';

import { renewalTime } from './sas-schedule';

describe('renewalTime', () => {
  it('renews 15 % of a one-hour lifetime early (9 minutes)', () => {
    expect(renewalTime(1000, 1000 + 3600)).toBe(1000 + 3600 - 540);
  });

  it('renews at least 30 s early', () => {
    // 5 min lifetime: 15 % is 45 s; 2 min lifetime: 15 % is 18 s -> 30 s.
    expect(renewalTime(0, 300)).toBe(255);
    expect(renewalTime(0, 120)).toBe(90);
  });

  it('never renews more than half the lifetime early, so 30 s tokens renew every 15 s', () => {
    expect(renewalTime(0, 30)).toBe(15);
    expect(renewalTime(0, 40)).toBe(20);
  });

  it('renews immediately for an already expired or zero-length token', () => {
    expect(renewalTime(100, 100)).toBe(100);
    expect(renewalTime(100, 50)).toBe(50);
  });
});

import { describe, expect, it } from 'vitest';

import { DEFAULT_DRAFTS } from './draft-types.ts';
import { draftFor, draftKey, MAX_DRAFT_IDENTITIES, NO_IDENTITY } from './drafts-slice.ts';
import { createConsoleStore } from './store.ts';

const device = (deviceId: string, moduleId?: string) => ({
  hostName: 'Hub.Local',
  deviceId,
  ...(moduleId === undefined ? {} : { moduleId }),
  url: 'ws://x',
});

function setup() {
  const store = createConsoleStore();
  const s = () => store.getState();
  const current = <K extends keyof typeof DEFAULT_DRAFTS>(kind: K) =>
    draftFor(s().drafts, draftKey(s().connection.identity), kind);
  return { store, s, current };
}

describe('drafts slice', () => {
  it('names identities by hub, device and module', () => {
    expect(draftKey(undefined)).toBe(NO_IDENTITY);
    expect(draftKey(device('d1'))).toBe('hub.local/d1/');
    expect(draftKey(device('d1', 'm'))).toBe('hub.local/d1/m');
  });

  it('starts from the defaults and keeps an edit as typed', () => {
    const { s, current } = setup();
    expect(current('telemetry')).toEqual(DEFAULT_DRAFTS.telemetry);
    s().editDraft('telemetry', { correlationId: 'c-1', repeatEveryMs: '1e' });
    expect(current('telemetry')).toEqual({
      ...DEFAULT_DRAFTS.telemetry,
      correlationId: 'c-1',
      repeatEveryMs: '1e',
    });
  });

  it('keeps each identity its own draft, and a new identity starts from the latest edit', () => {
    const { s, current } = setup();
    s().editDraft('reported', { text: 'typed before connecting' });
    s().setIdentity(device('d1'));
    // What was typed before connecting is still there once connected.
    expect(current('reported').text).toBe('typed before connecting');
    s().editDraft('reported', { text: 'd1 patch' });
    s().setIdentity(device('d1', 'm'));
    expect(current('reported').text).toBe('d1 patch');
    s().editDraft('reported', { text: 'module patch' });
    s().setIdentity(device('d1'));
    expect(current('reported').text).toBe('d1 patch');
    s().setIdentity(device('d1', 'm'));
    expect(current('reported').text).toBe('module patch');
    // Other kinds of draft are untouched by all this.
    expect(current('hubDesired')).toBe(DEFAULT_DRAFTS.hubDesired);
  });

  it('keeps the most recently edited identities only', () => {
    const { s } = setup();
    for (let i = 0; i <= MAX_DRAFT_IDENTITIES; i++) {
      s().setIdentity(device(`d${i}`));
      s().editDraft('hubMethod', { name: `m${i}` });
    }
    // d0 was edited longest ago; editing d1 again makes it the newest.
    s().setIdentity(device('d1'));
    s().editDraft('hubMethod', { name: 'again' });
    const keys = Object.keys(s().drafts.byIdentity);
    expect(keys).toHaveLength(MAX_DRAFT_IDENTITIES);
    expect(keys).not.toContain('hub.local/d0/');
    expect(keys.at(-1)).toBe('hub.local/d1/');
  });

  it('edits the connection options apart from any identity', () => {
    const { s } = setup();
    s().editConnectionDraft({ keepAliveSec: '30' });
    s().setIdentity(device('d1'));
    expect(s().drafts.connection.keepAliveSec).toBe('30');
    expect(s().drafts.connection.sasLifetimeMin).toBe('60');
  });

  it('keeps a rule number field as typed, apart from the rule', () => {
    const { s } = setup();
    s().addRule({ method: '*', status: 200, payload: '{}', delayMs: 0, enabled: true });
    const id = s().methods.rules[0]?.id ?? '';
    s().editRuleField(id, 'status', '');
    s().editRuleField(id, 'delayMs', '1e');
    expect(s().drafts.ruleFields[id]).toEqual({ status: '', delayMs: '1e' });
    expect(s().methods.rules[0]).toMatchObject({ status: 200, delayMs: 0 });
  });
});

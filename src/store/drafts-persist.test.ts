import { afterEach, describe, expect, it, vi } from 'vitest';

import { DEFAULT_CONNECTION_DRAFT, DEFAULT_DRAFTS } from './draft-types.ts';
import {
  DRAFTS_STORAGE_KEY,
  DRAFTS_VERSION,
  parseDrafts,
  persistDrafts,
  SAVE_DELAY_MS,
  serializeDrafts,
} from './drafts-persist.ts';
import { EMPTY_DRAFTS } from './drafts-slice.ts';
import { createConsoleStore } from './store.ts';

/** sessionStorage's interface over a Map: the storage itself, not the code under test. */
class MemoryStorage implements Storage {
  #map = new Map<string, string>();
  quota = Infinity;
  get length() {
    return this.#map.size;
  }
  clear() {
    this.#map.clear();
  }
  getItem(key: string) {
    return this.#map.get(key) ?? null;
  }
  key(i: number) {
    return [...this.#map.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.#map.delete(key);
  }
  setItem(key: string, value: string) {
    if (value.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.#map.set(key, value);
  }
}

const identity = { hostName: 'hub', deviceId: 'd1', url: 'ws://x' };

afterEach(() => {
  vi.useRealTimers();
});

describe('drafts persistence', () => {
  it('restores what was typed, per identity, after a "reload"', () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    const first = createConsoleStore();
    const stop = persistDrafts(first, storage);
    first.getState().setIdentity(identity);
    first.getState().editDraft('telemetry', { body: 'hello', format: 'text', correlationId: 'c' });
    first.getState().editConnectionDraft({ modelId: 'dtmi:x;1', showAdvanced: true });
    // Nothing is written while the user is typing...
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBeNull();
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    // ...and once they pause, everything is.
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).not.toBeNull();
    stop();

    const second = createConsoleStore();
    persistDrafts(second, storage);
    expect(second.getState().drafts).toEqual(first.getState().drafts);
    expect(second.getState().drafts.byIdentity['hub/d1/']?.telemetry).toMatchObject({
      body: 'hello',
      format: 'text',
      correlationId: 'c',
    });
  });

  it('writes at once when the page goes away', () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    const store = createConsoleStore();
    const page = new EventTarget();
    const stop = persistDrafts(store, storage, page);
    store.getState().editDraft('hubDesired', { text: '{"a":1}' });
    page.dispatchEvent(new Event('pagehide'));
    expect(parseDrafts(storage.getItem(DRAFTS_STORAGE_KEY)).latest.hubDesired).toEqual({
      text: '{"a":1}',
    });
    stop();
  });

  it('starts clean from missing, malformed, foreign or other-version data', () => {
    expect(parseDrafts(null)).toEqual(EMPTY_DRAFTS);
    expect(parseDrafts('{not json')).toEqual(EMPTY_DRAFTS);
    expect(parseDrafts('[1,2]')).toEqual(EMPTY_DRAFTS);
    expect(parseDrafts('null')).toEqual(EMPTY_DRAFTS);
    const other = { v: DRAFTS_VERSION + 1, latest: { reported: { text: 'x' } } };
    expect(parseDrafts(JSON.stringify(other))).toEqual(EMPTY_DRAFTS);
  });

  it('keeps the good fields of a damaged entry and defaults the bad ones', () => {
    const stored = {
      v: DRAFTS_VERSION,
      byIdentity: {
        'hub/d1/': {
          telemetry: {
            body: 'kept',
            format: 'xml',
            autoMessageId: 'yes',
            properties: [{ key: 'a', value: '1' }, { key: 2 }, 'x', null],
          },
          reported: 'not an object',
          unknownKind: { text: 'ignored' },
        },
        __proto__: { telemetry: { body: 'not an identity key' } },
        'no-slash': {},
      },
      latest: null,
      connection: { keepAliveSec: 30, modelId: 'm', willProperties: 'x' },
    };
    const drafts = parseDrafts(JSON.stringify(stored));
    expect(Object.keys(drafts.byIdentity)).toEqual(['hub/d1/']);
    expect(drafts.byIdentity['hub/d1/']).toEqual({
      telemetry: {
        ...DEFAULT_DRAFTS.telemetry,
        body: 'kept',
        properties: [{ key: 'a', value: '1' }],
      },
    });
    expect(drafts.latest).toEqual({});
    expect(drafts.connection).toEqual({ ...DEFAULT_CONNECTION_DRAFT, modelId: 'm' });
    expect(Object.getPrototypeOf(drafts.byIdentity)).toBe(Object.prototype);
  });

  it('stays within its size bound by forgetting the least recently edited identities', () => {
    const store = createConsoleStore();
    for (const deviceId of ['old', 'mid', 'new']) {
      store.getState().setIdentity({ ...identity, deviceId });
      store.getState().editDraft('reported', { text: deviceId.repeat(1000) });
    }
    const drafts = store.getState().drafts;
    const all = serializeDrafts(drafts) ?? '';
    const bounded = serializeDrafts(drafts, all.length - 1000);
    expect(Object.keys(parseDrafts(bounded ?? null).byIdentity)).toEqual(['hub/mid/', 'hub/new/']);
    // Too small even for the newest draft: nothing scoped is kept, the options still are.
    const tiny = parseDrafts(serializeDrafts(drafts, 600) ?? null);
    expect(tiny.byIdentity).toEqual({});
    expect(tiny.latest).toEqual({});
    expect(serializeDrafts(drafts, 10)).toBeUndefined();
  });

  it('keeps working in memory when storage refuses to write', () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    storage.quota = 10;
    const store = createConsoleStore();
    persistDrafts(store, storage);
    store.getState().editDraft('reported', { text: 'still here' });
    expect(() => vi.advanceTimersByTime(SAVE_DELAY_MS)).not.toThrow();
    expect(store.getState().drafts.latest.reported?.text).toBe('still here');
  });

  it('never writes a connection string (the drafts have no place for one), nor rule fields', () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    const store = createConsoleStore();
    persistDrafts(store, storage);
    store.getState().editConnectionDraft({ modelId: 'm' });
    store.getState().editRuleField('rule-1', 'status', '40');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    const stored = JSON.parse(storage.getItem(DRAFTS_STORAGE_KEY) ?? '{}') as object;
    expect(Object.keys(stored).sort()).toEqual(['byIdentity', 'connection', 'latest', 'v']);
    expect(Object.keys((stored as { connection: object }).connection).sort()).toEqual(
      Object.keys(DEFAULT_CONNECTION_DRAFT).sort(),
    );
  });
});

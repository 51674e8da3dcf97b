import { describe, expect, it } from 'vitest';

import { DEFAULT_DRAFTS, type HubC2dDraft } from '../../store/draft-types.ts';

import { c2dRequest } from './compose-c2d.ts';

const NOW = Date.UTC(2026, 11, 8, 0, 0, 0);
const draft = (patch: Partial<HubC2dDraft>): HubC2dDraft => ({
  ...DEFAULT_DRAFTS.hubC2d,
  ...patch,
});
const body = { state: 'ok', body: new Uint8Array([0xa1, 0x61, 0x61, 0x01]), bytes: 4 } as const;

describe('c2dRequest', () => {
  it('carries every IoT Hub field the user set, and the content type of the format', () => {
    const r = c2dRequest(
      draft({
        format: 'cbor',
        messageId: ' m-1 ',
        correlationId: 'c-1',
        userId: 'ops',
        expiryMin: '10',
        ack: 'full',
        properties: [{ key: 'zone', value: 'north' }],
      }),
      body,
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        body: body.body,
        contentType: 'application/cbor',
        messageId: 'm-1',
        correlationId: 'c-1',
        userId: 'ops',
        expiryTimeUtc: '2026-12-08T00:10:00.000Z',
        ack: 'full',
        properties: { zone: 'north' },
      },
    });
  });

  it('sends no iothub-ack for none and keeps a typed content type over the format', () => {
    const r = c2dRequest(
      draft({ contentType: 'application/vnd.acme+cbor', contentTypeSet: true, ack: 'none' }),
      body,
      NOW,
    );
    if (!r.ok) throw new Error(r.error);
    expect('ack' in r.value).toBe(false);
    expect(r.value.contentType).toBe('application/vnd.acme+cbor');
    expect(r.value.contentEncoding).toBe('utf-8'); // JSON's, still following the format
  });

  it('takes an absolute expiry within 48 hours only', () => {
    const at = new Date(NOW + 3_600_000);
    const local = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}T${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const r = c2dRequest(draft({ expiryMode: 'absolute', expiryAt: local }), body, NOW);
    expect(r.ok && r.value.expiryTimeUtc).toBe(at.toISOString());
    const past = c2dRequest(
      draft({ expiryMode: 'absolute', expiryAt: '2020-01-01T00:00' }),
      body,
      NOW,
    );
    expect(past).toEqual({ ok: false, error: 'Expiry: the time is in the past' });
    const far = c2dRequest(draft({ expiryMode: 'ttl', expiryMin: '2881' }), body, NOW);
    expect(far.ok).toBe(false);
  });

  it('refuses a body that did not encode, or is over 64 KB, with the reason', () => {
    expect(c2dRequest(draft({}), { state: 'error', error: 'Invalid JSON: x' }, NOW)).toEqual({
      ok: false,
      error: 'Invalid JSON: x',
    });
    const big = { state: 'ok', body: 'x', bytes: 65537 } as const;
    expect(c2dRequest(draft({}), big, NOW)).toEqual({
      ok: false,
      error: 'Too large: 65537 bytes; IoT Hub takes at most 65536 bytes',
    });
  });
});

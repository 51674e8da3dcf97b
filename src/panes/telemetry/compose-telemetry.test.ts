import { describe, expect, it } from 'vitest';

import { DEFAULT_DRAFTS } from '../../store/draft-types.ts';

import { draftProperties } from './compose-telemetry.ts';

const draft = DEFAULT_DRAFTS.telemetry;

describe('draftProperties', () => {
  it('sends the content type and encoding of the body format the user chose last', () => {
    expect(draftProperties({ ...draft, format: 'text' }, undefined).system).toEqual({
      contentType: 'text/plain',
      contentEncoding: 'utf-8',
    });
    expect(draftProperties({ ...draft, format: 'json' }, undefined).system).toEqual({
      contentType: 'application/json',
      contentEncoding: 'utf-8',
    });
  });

  it('keeps what the user typed, whatever the format, and sends none when they cleared it', () => {
    const typed = { ...draft, contentType: 'application/cbor', contentTypeSet: true };
    expect(draftProperties({ ...typed, format: 'text' }, 'm').system).toEqual({
      messageId: 'm',
      contentType: 'application/cbor',
      contentEncoding: 'utf-8',
    });
    const cleared = { ...draft, contentEncoding: ' ', contentEncodingSet: true };
    expect(draftProperties(cleared, undefined).system).toEqual({
      contentType: 'application/json',
    });
  });

  it('turns named property rows into the application bag', () => {
    const rows = [
      { key: 'a', value: '1' },
      { key: ' ', value: 'unnamed' },
    ];
    expect(draftProperties({ ...draft, properties: rows }, undefined).application).toEqual({
      a: '1',
    });
  });
});

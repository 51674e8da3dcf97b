import { describe, expect, it } from 'vitest';

import { defaultView, mediaType } from './default-view.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const binary = Uint8Array.from([0xa1, 0x61, 0x61, 0x01, 0xff]);

describe('defaultView', () => {
  it('follows content-type', () => {
    expect(defaultView(enc('{"a":1}'), 'application/json; charset=utf-8')).toBe('json');
    expect(defaultView(enc('hello'), 'text/plain')).toBe('text');
    expect(defaultView(binary, 'application/cbor')).toBe('cbor');
    expect(defaultView(binary, 'application/x-msgpack')).toBe('msgpack');
    expect(defaultView(binary, 'application/msgpack')).toBe('msgpack');
    expect(defaultView(binary, 'application/x-protobuf')).toBe('protobuf');
    expect(defaultView(binary, 'Application/Protobuf')).toBe('protobuf');
    expect(defaultView(enc('abc'), 'application/octet-stream')).toBe('hex');
    expect(defaultView(binary, 'application/senml+cbor')).toBe('cbor');
    expect(defaultView(enc('{"a":1}'), 'application/vnd.acme+json')).toBe('json');
  });

  it('shows declared JSON that does not parse as text, so the user sees what came', () => {
    expect(defaultView(enc('{oops'), 'application/json')).toBe('text');
  });

  it('shows base64 content-encoding as base64', () => {
    expect(defaultView(enc('AAEC'), 'application/octet-stream', 'base64')).toBe('base64');
  });

  it('looks at the bytes when nothing is declared', () => {
    expect(defaultView(enc(' [1, 2] '))).toBe('json');
    expect(defaultView(enc('{"a":1}'), undefined, 'utf-8')).toBe('json');
    expect(defaultView(enc('21.5'))).toBe('text');
    expect(defaultView(enc('hello'), 'text/plain')).toBe('text');
    expect(defaultView(binary)).toBe('hex');
    expect(defaultView(binary, 'text/plain')).toBe('hex');
    expect(defaultView(new Uint8Array())).toBe('text');
  });
});

describe('mediaType', () => {
  it('drops parameters and case', () => {
    expect(mediaType(' Application/JSON ; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBe('');
  });
});

// Text: the body as UTF-8, with every invalid sequence reported (and shown as U+FFFD) rather
// than silently replaced. Pure.
import { ok } from '../result.ts';

import type { PayloadCodec } from './types.ts';
import { decodeUtf8Lenient, encodeUtf8, invalidUtf8Ranges } from './utf8.ts';

export const textCodec: PayloadCodec = {
  kind: 'text',
  decode: (bytes) => {
    const invalid = invalidUtf8Ranges(bytes);
    return ok({
      kind: 'text',
      text: decodeUtf8Lenient(bytes),
      ...(invalid.length > 0 ? { invalid } : {}),
    });
  },
  encode: (text) => ok(encodeUtf8(text)),
};

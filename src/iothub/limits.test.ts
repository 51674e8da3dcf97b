import { describe, expect, it } from 'vitest';

import * as limits from './limits.ts';

describe('limits (spec §7.1, §4.3)', () => {
  it('has the documented values', () => {
    expect({ ...limits }).toEqual({
      MAX_TELEMETRY_BYTES: 256 * 1024,
      MAX_C2D_BYTES: 64 * 1024,
      C2D_QUEUE_DEPTH: 50,
      MAX_METHOD_PAYLOAD_BYTES: 128 * 1024,
      METHOD_RESPONSE_TIMEOUT: { default: 30, min: 5, max: 300 },
      METHOD_CONNECT_TIMEOUT: { default: 0, min: 0, max: 300 },
      TWIN_MAX_KEY_BYTES: 1024,
      TWIN_MAX_STRING_BYTES: 4096,
      TWIN_MAX_DEPTH: 10,
      TWIN_MIN_INTEGER: -(2 ** 52),
      TWIN_MAX_INTEGER: 2 ** 52 - 1,
      MAX_SUBSCRIPTIONS_PER_DEVICE: 5,
    });
  });
});

import { describe, expect, it } from 'vitest';

import { explainHubError, hubErrorCode } from './hub-errors.ts';

// Both error body shapes IoT Hub sends (spec §5, §8.3), as the hub panel receives them.
describe('hubErrorCode', () => {
  it('reads the numeric code from JSON inside Message (current shape)', () => {
    const body = {
      Message: JSON.stringify({
        errorCode: 404103,
        trackingId: 'abc-G:0-TimeStamp:11/27/2026 10:15:02',
        message: 'Timed out waiting for device to connect.',
        info: { timeout: '00:00:00' },
        timestampUtc: '2026-11-27T10:15:02.123Z',
      }),
      ExceptionMessage: '',
    };
    expect(hubErrorCode(body)).toBe(404103);
    expect(explainHubError(504101)).toMatch(/did not answer/);
  });

  it('maps the legacy ErrorCode:<Name>; form to its code', () => {
    expect(hubErrorCode({ Message: 'ErrorCode:GatewayTimeout;Timed out' })).toBe(504101);
    expect(hubErrorCode({ Message: 'ErrorCode:DeviceNotFound;Device x not found.' })).toBe(404001);
  });

  it('gives undefined for bodies without a code', () => {
    expect(hubErrorCode({ Message: 'something else' })).toBeUndefined();
    expect(hubErrorCode('text')).toBeUndefined();
    expect(hubErrorCode(undefined)).toBeUndefined();
  });
});

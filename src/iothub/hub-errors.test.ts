import { describe, expect, it } from 'vitest';

import { explainHubError, HUB_ERRORS, hubErrorByCode } from './hub-errors.ts';

describe('HUB_ERRORS', () => {
  it.each([
    ['ArgumentInvalid', 400004, 400],
    ['IotHubUnauthorizedAccess', 401002, 401],
    ['DeviceMaximumQueueDepthExceeded', 403004, 403],
    ['DeviceNotFound', 404001, 404],
    ['ModuleNotFound', 404010, 404],
    ['DeviceNotOnline', 404103, 404],
    ['DeviceAlreadyExists', 409001, 409],
    ['ModuleAlreadyExistsOnDevice', 409301, 409],
    ['PreconditionFailed', 412001, 412],
    ['MessageTooLarge', 413002, 413],
    ['ThrottlingException', 429001, 429],
    ['ServerError', 500001, 500],
    ['GatewayTimeout', 504101, 504],
  ])('%s is %i with HTTP %i', (name, code, status) => {
    expect(HUB_ERRORS[name]).toMatchObject({ name, code, status });
    expect(hubErrorByCode(code)?.name).toBe(name);
  });

  it('names every entry by its key', () => {
    for (const [key, value] of Object.entries(HUB_ERRORS)) expect(value.name).toBe(key);
  });
});

describe('explainHubError', () => {
  it.each([
    [404001, 'No device with this ID is registered in the IoT hub.'],
    [504101, 'The device did not answer the direct method within the response timeout.'],
    [
      403004,
      'The device already has 50 cloud-to-device messages waiting; it must receive some before more can be sent.',
    ],
    [123456, undefined],
  ])('%i -> %s', (code, expected) => {
    expect(explainHubError(code)).toBe(expected);
  });
});

import { createHmac } from 'node:crypto';

import { describe, expect, test } from 'vitest';

import { deriveDeviceKey, readOperation, registrationToken } from './dps.ts';
import { verifySasToken } from './sas-token.ts';

const groupKey = Buffer.from('a group key of 32 bytes, exactly').toString('base64');

test('the derived key is HMAC-SHA256 of the registration ID with the decoded group key', async () => {
  const expected = createHmac('sha256', Buffer.from(groupKey, 'base64'))
    .update('sensor-1')
    .digest('base64');
  expect(await deriveDeviceKey(groupKey, 'sensor-1')).toBe(expected);
  await expect(deriveDeviceKey('not base64!', 'sensor-1')).rejects.toThrow(/not base64/);
});

test('the registration token names {idScope}/registrations/{id} and the registration key', async () => {
  const token = await registrationToken('0ne0000ABCD', 'sensor-1', groupKey, 2_000_000_000);
  const verified = await verifySasToken(token, { keys: [groupKey], now: 1_900_000_000 });
  expect(verified.ok && verified.token).toMatchObject({
    resourceUri: '0ne0000ABCD/registrations/sensor-1',
    skn: 'registration',
  });
});

describe('readOperation', () => {
  test('assigning is pending on its operation, assigned names hub and device', () => {
    expect(readOperation(202, { operationId: 'op', status: 'assigning' })).toEqual({
      ok: true,
      value: { kind: 'pending', operationId: 'op' },
    });
    const assigned = {
      operationId: 'op',
      status: 'assigned',
      registrationState: { assignedHub: 'hub.local', deviceId: 'd1' },
    };
    expect(readOperation(200, assigned)).toEqual({
      ok: true,
      value: { kind: 'assigned', assignedHub: 'hub.local', deviceId: 'd1' },
    });
  });

  test('an error answer and a disabled registration say why', () => {
    expect(readOperation(401, { errorCode: 401002, message: 'Unauthorized' })).toEqual({
      ok: false,
      error: 'DPS answered 401 (401002): Unauthorized',
    });
    const disabled = readOperation(200, {
      status: 'disabled',
      registrationState: { errorMessage: 'The enrollment is disabled' },
    });
    expect(disabled).toEqual({
      ok: true,
      value: { kind: 'failed', message: 'Registration disabled: The enrollment is disabled' },
    });
  });
});

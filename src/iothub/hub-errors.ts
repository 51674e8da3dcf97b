// IoT Hub's six-digit error codes with HTTP status and a sentence a user understands
// (spec §4.4, §5, §6, §8.3; codes from the C# SDK's ErrorCode.cs).

export type HubError = { code: number; status: number; name: string; hint: string };

function entry(name: string, code: number, hint: string): HubError {
  return { code, status: Math.floor(code / 1000), name, hint };
}

export const HUB_ERRORS: { [name: string]: HubError } = {
  ArgumentInvalid: entry(
    'ArgumentInvalid',
    400004,
    'The request was malformed: check the JSON body, property names and values against IoT Hub rules.',
  ),
  ConnectionForcefullyClosedOnNewConnection: entry(
    'ConnectionForcefullyClosedOnNewConnection',
    400027,
    'Another client connected with the same device identity, so IoT Hub closed this connection.',
  ),
  IotHubUnauthorizedAccess: entry(
    'IotHubUnauthorizedAccess',
    401002,
    'IoT Hub rejected the credentials: the key or SAS token is wrong, expired, or for another identity.',
  ),
  IotHubQuotaExceeded: entry(
    'IotHubQuotaExceeded',
    403002,
    "The IoT hub's daily message quota is used up; sends are refused until it resets (00:00 UTC).",
  ),
  DeviceMaximumQueueDepthExceeded: entry(
    'DeviceMaximumQueueDepthExceeded',
    403004,
    'The device already has 50 cloud-to-device messages waiting; it must receive some before more can be sent.',
  ),
  DeviceNotFound: entry(
    'DeviceNotFound',
    404001,
    'No device with this ID is registered in the IoT hub.',
  ),
  JobNotFound: entry('JobNotFound', 404002, 'No job with this ID exists in the IoT hub.'),
  ModuleNotFound: entry(
    'ModuleNotFound',
    404010,
    'No module with this ID is registered on the device.',
  ),
  DeviceNotOnline: entry(
    'DeviceNotOnline',
    404103,
    'The device is not connected (or has not subscribed to direct methods), so it cannot be called now.',
  ),
  DeviceConnectionClosedRemotely: entry(
    'DeviceConnectionClosedRemotely',
    404104,
    'The device connection was closed, for example because keep-alive pings stopped arriving.',
  ),
  DeviceAlreadyExists: entry(
    'DeviceAlreadyExists',
    409001,
    'A device with this ID already exists in the IoT hub.',
  ),
  ModuleAlreadyExistsOnDevice: entry(
    'ModuleAlreadyExistsOnDevice',
    409301,
    'A module with this ID already exists on the device.',
  ),
  PreconditionFailed: entry(
    'PreconditionFailed',
    412001,
    'The ETag did not match: someone else changed it first; reload and try again.',
  ),
  DeviceMessageLockLost: entry(
    'DeviceMessageLockLost',
    412002,
    'The cloud-to-device message is no longer locked to you: it was settled already or its lock expired.',
  ),
  MessageTooLarge: entry(
    'MessageTooLarge',
    413002,
    'The message is larger than IoT Hub allows (256 KB telemetry, 64 KB cloud-to-device).',
  ),
  ThrottlingException: entry(
    'ThrottlingException',
    429001,
    'IoT Hub is throttling requests for this hub; slow down and retry later.',
  ),
  ServerError: entry('ServerError', 500001, 'IoT Hub had an internal error; retry the operation.'),
  GatewayTimeout: entry(
    'GatewayTimeout',
    504101,
    'The device did not answer the direct method within the response timeout.',
  ),
};

const byCode = new Map(Object.values(HUB_ERRORS).map((e) => [e.code, e]));

/** The HUB_ERRORS entry for a six-digit hub code, if known (spec §8.3). */
export function hubErrorByCode(code: number): HubError | undefined {
  return byCode.get(code);
}

/** One sentence explaining a six-digit IoT Hub error code, or undefined if unknown (spec §8.3). */
export function explainHubError(code: number): string | undefined {
  return byCode.get(code)?.hint;
}

/** The six-digit hub code in either body shape IoT Hub uses (spec §5, §8.3). */
export function hubErrorCode(body: unknown): number | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { errorCode?: unknown; Message?: unknown };
  if (typeof b.errorCode === 'number') return b.errorCode;
  if (typeof b.Message !== 'string') return undefined;
  try {
    const inner = JSON.parse(b.Message) as { errorCode?: unknown };
    if (typeof inner.errorCode === 'number') return inner.errorCode;
  } catch {
    // Legacy shape: "ErrorCode:DeviceNotOnline;..."
  }
  const name = /ErrorCode:(\w+)/.exec(b.Message)?.[1];
  return name ? HUB_ERRORS[name]?.code : undefined;
}

// The answer to a path the emulator does not serve: 404 with IoT Hub's error body and
// `iothub-errorcode` header (spec §8.3). Azure's own answer for a path it lacks is unconfirmed; the
// SDKs only need a 404 (azure-iothub's RestApiClient.translateError raises "Not found" for a 404
// without a DeviceNotFound/IotHubNotFound code; the generated DigitalTwinClient raises a
// RestError with statusCode 404). The name `NotFound` is the emulator's.

import { errorReply, type Reply } from './http.ts';

/** What the emulator has not implemented, by path prefix, so the error says so. */
const UNIMPLEMENTED: [RegExp, string][] = [
  [/^\/digitaltwins(\/|$)/i, 'This digital twins operation is not implemented'],
  [/^\/configurations(\/|$)/i, 'Configurations (automatic device management) are not implemented'],
  // Jobs v2 are served (api/job-routes.ts); import and export jobs (/jobs/create) are not.
  [/^\/jobs(\/|$)/i, 'Import and export jobs are not implemented'],
];

export function notFound(method: string, path: string): Reply {
  const known = UNIMPLEMENTED.find(([prefix]) => prefix.test(path));
  const what = known ? `${known[1]} by the IoT Hub emulator` : 'No such IoT Hub endpoint';
  return errorReply('NotFound', `${what}: ${method} ${path}.`, { status: 404 });
}

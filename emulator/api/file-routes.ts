// Device file upload REST (Microsoft Learn, "Upload files with IoT Hub"; azure-iot-device
// file_upload_api.ts): POST /devices/{id}/files with {"blobName"} answers the SAS URI parts;
// POST /devices/{id}/files/notifications[/{correlationId}] with {"correlationId"?, "isSuccess",
// "statusCode", "statusDescription"} ends the upload (204). The Node SDK puts the correlation ID
// in the path, the Learn page in the body: both are accepted.

import type { FileUpload } from '../files/upload.ts';
import { RegistryError } from '../registry.ts';

import { parseJson, readBody } from './http.ts';
import { routesNeeding, type Route, type RouteRequest } from './router.ts';

async function notify(files: Pick<FileUpload, 'complete'>, r: RouteRequest) {
  const body = parseJson(await readBody(r.req, 16 * 1024)) as Record<string, unknown> | undefined;
  if (!body || typeof body.isSuccess !== 'boolean')
    throw new RegistryError(
      'ArgumentInvalid',
      'The body must be {"correlationId", "isSuccess": true|false, "statusCode", "statusDescription"}.',
    );
  await files.complete(
    r.params.id ?? '',
    r.params.correlationId ?? body.correlationId,
    body.isSuccess,
  );
  return { status: 204 };
}

export function fileRoutes(maybeFiles: FileUpload | undefined): Route[] {
  const route = routesNeeding('device');
  const off = (): never => {
    throw new RegistryError(
      'ArgumentInvalid',
      'File upload is off in this emulator (it was started with --no-file-upload).',
    );
  };
  const files = maybeFiles ?? { request: off, complete: off };
  return [
    route('POST', '/devices/:id/files', async (r) => {
      const body = parseJson(await readBody(r.req, 16 * 1024)) as
        { blobName?: unknown } | undefined;
      return { status: 200, body: await files.request(r.params.id ?? '', body?.blobName) };
    }),
    route('POST', '/devices/:id/files/notifications', (r) => notify(files, r)),
    route('POST', '/devices/:id/files/notifications/:correlationId', (r) => notify(files, r)),
  ];
}

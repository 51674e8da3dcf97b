// File upload (Microsoft Learn, "Upload files with IoT Hub"): a device asks for a SAS URI
// (POST /devices/{id}/files), uploads to the Blob store itself, then tells the hub how it went
// (POST /devices/{id}/files/notifications); a successful upload becomes a file notification for
// the service (AMQP /messages/serviceBound/filenotifications). The Blob store is Azurite, started
// on the first request (it costs seconds and ~100 MB, so a hub that never uploads never pays).

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

import type { HubContext } from '../context.ts';
import { RegistryError } from '../registry.ts';
import { hubTime } from '../time.ts';

import { startBlobStore, type BlobStore, type BlobStoreOptions } from './azurite.ts';
import { ACCOUNT, blobSas, containerCreateSas } from './sas.ts';

export const FILE_NOTIFICATION_TYPE = 'application/vnd.microsoft.iothub.filenotification.json';
/** At most 10 uploads under way per device (Learn, "Upload files with IoT Hub", limits). */
const MAX_PENDING = 10;
const SAS_TTL_MS = 60 * 60 * 1000;

export type FileUploadOptions = {
  /** The container device files go to (IoT Hub's file upload storage container). */
  container: string;
  /** Where and how Azurite listens, read when it starts (the hub's TLS files exist by then). */
  blobStore: () => BlobStoreOptions;
};

type Pending = { deviceId: string; blobName: string; expiresMs: number };

/** One request to the in-process Azurite; TLS is its own loopback listener with the hub's
 *  certificate, whose CA the emulator need not trust itself. */
function blobRequest(store: BlobStore, method: string, path: string) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port: store.port,
      method,
      path,
      rejectUnauthorized: false,
    };
    const req = (store.scheme === 'https' ? https : http).request(options, (res) => {
      res.resume();
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}

const encodePath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

export function createFileUpload(ctx: HubContext, options: FileUploadOptions) {
  const pending = new Map<string, Pending>();
  let store: Promise<BlobStore> | undefined;
  let closed = false;

  const ensureStore = (): Promise<BlobStore> =>
    (store ??= (async () => {
      const s = await startBlobStore(options.blobStore());
      const sas = containerCreateSas(Date.now() + SAS_TTL_MS);
      const res = await blobRequest(
        s,
        'PUT',
        `/${ACCOUNT}/${options.container}?restype=container&${sas}`,
      );
      // 409: the container is there from an earlier run.
      if (res.statusCode !== 201 && res.statusCode !== 409)
        throw new Error(`Azurite refused the container '${options.container}': ${res.statusCode}`);
      ctx.log(`File upload: Azurite Blob service on ${s.scheme}://127.0.0.1:${s.port}`);
      return s;
    })());

  return {
    /** POST /devices/{id}/files: a SAS for `{deviceId}/{blobName}` in the upload container. */
    async request(deviceId: string, blobName: unknown) {
      if (typeof blobName !== 'string' || blobName === '' || blobName.length > 1024)
        throw new RegistryError('ArgumentInvalid', 'blobName must be 1 to 1024 characters.');
      const now = Date.now();
      for (const [id, p] of pending) if (p.expiresMs < now) pending.delete(id);
      const mine = [...pending.values()].filter((p) => p.deviceId === deviceId).length;
      if (mine >= MAX_PENDING)
        throw new RegistryError(
          'ThrottlingException',
          `The device has ${MAX_PENDING} uploads under way; notify their completion first.`,
        );
      const s = await ensureStore();
      const fullName = `${deviceId}/${blobName}`;
      const correlationId = randomUUID();
      pending.set(correlationId, { deviceId, blobName: fullName, expiresMs: now + SAS_TTL_MS });
      return {
        correlationId,
        // Path-style: the device SDK builds https://{hostName}/{containerName}/{blobName}{sasToken}.
        hostName: `${ctx.hostName}:${s.port}/${ACCOUNT}`,
        containerName: options.container,
        blobName: fullName,
        sasToken: blobSas(options.container, fullName, 'rcw', now + SAS_TTL_MS),
      };
    },

    /** POST /devices/{id}/files/notifications: ends the upload; success notifies the service. */
    async complete(deviceId: string, correlationId: unknown, isSuccess: boolean): Promise<void> {
      const upload = typeof correlationId === 'string' ? pending.get(correlationId) : undefined;
      if (!upload || upload.deviceId !== deviceId)
        throw new RegistryError(
          'ArgumentInvalid',
          `No upload of this device has correlationId '${String(correlationId)}'.`,
        );
      pending.delete(correlationId as string);
      if (!isSuccess || closed) return;
      const s = await ensureStore();
      const path = `/${ACCOUNT}/${options.container}/${encodePath(upload.blobName)}`;
      const head = await blobRequest(
        s,
        'HEAD',
        `${path}${blobSas(options.container, upload.blobName, 'r', Date.now() + 60_000)}`,
      );
      if (head.statusCode !== 200)
        throw new RegistryError(
          'ArgumentInvalid',
          `The blob '${upload.blobName}' was not uploaded (Blob store: ${head.statusCode}).`,
        );
      const modified = Date.parse(String(head.headers['last-modified'] ?? ''));
      ctx.bus.emit('fileUploaded', {
        deviceId,
        blobUri: `${s.scheme}://${ctx.hostName}:${s.port}${path}`,
        blobName: upload.blobName,
        lastUpdatedTime: hubTime(Number.isNaN(modified) ? Date.now() : modified),
        blobSizeInBytes: Number(head.headers['content-length'] ?? 0),
        enqueuedTimeUtc: hubTime(),
      });
    },

    /** The running Blob store, if one was started. */
    blobStore: () => store,

    async close(): Promise<void> {
      closed = true;
      pending.clear();
      const s = await store?.catch(() => undefined);
      await s?.close();
    },
  };
}

export type FileUpload = ReturnType<typeof createFileUpload>;

// Azurite's Blob service inside the emulator's process (Azurite's BlobServer and
// BlobConfiguration, the classes its own CLI builds; Microsoft Learn, "Use the Azurite emulator
// for local Azure Storage development"). HTTPS with the hub's certificate when the hub has TLS
// (azure-iot-device uploads to https:// only), plain HTTP otherwise; data in `<dataDir>/azurite`,
// or in memory. Path-style URLs only: http(s)://host:port/devstoreaccount1/{container}/{blob}.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

type AzuriteServer = {
  start(): Promise<void>;
  close(): Promise<void>;
  httpServer: { address(): { port: number } | string | null };
};

export type BlobStore = { port: number; scheme: 'http' | 'https'; close(): Promise<void> };

export type BlobStoreOptions = {
  bind: string;
  port: number;
  dataDir: string | undefined;
  /** PEM file paths of the hub's server certificate, when it has TLS. */
  tls?: { certPath: string; keyPath: string };
};

export async function startBlobStore(o: BlobStoreOptions): Promise<BlobStore> {
  // Loaded on demand: Azurite is large, and a hub without file upload never needs it.
  const BlobServer = (
    require('azurite/dist/src/blob/BlobServer.js') as { default: new (c: unknown) => AzuriteServer }
  ).default;
  const BlobConfiguration = (
    require('azurite/dist/src/blob/BlobConfiguration.js') as {
      default: new (...args: unknown[]) => unknown;
    }
  ).default;
  const dir = o.dataDir === undefined ? undefined : join(o.dataDir, 'azurite');
  if (dir) mkdirSync(dir, { recursive: true });
  const inMemory = dir === undefined;
  const config = new BlobConfiguration(
    o.bind,
    o.port,
    undefined, // keep-alive timeout: Azurite's default
    inMemory ? 'blob-metadata' : join(dir, '__azurite_db_blob__.json'),
    inMemory ? 'blob-extents' : join(dir, '__azurite_db_blob_extent__.json'),
    [{ locationId: 'Default', locationPath: join(dir ?? '.', 'blobstorage'), maxConcurrency: 10 }],
    false, // access log
    undefined,
    false, // debug log
    undefined,
    // Loose: @azure/storage-blob 12.8 (azure-iot-device's) sends headers Azurite's strict mode
    // refuses (x-ms-encryption-algorithm on Put Block).
    true,
    true, // skip the API version check: the SDKs may be newer than this Azurite
    o.tls?.certPath ?? '',
    o.tls?.keyPath ?? '',
    '',
    undefined, // OAuth off
    true, // path-style URLs only (no {account}.blob.localhost)
    inMemory,
  );
  const server = new BlobServer(config);
  await server.start();
  const address = server.httpServer.address();
  return {
    port: typeof address === 'object' && address ? address.port : o.port,
    scheme: o.tls ? 'https' : 'http',
    close: () => server.close(),
  };
}

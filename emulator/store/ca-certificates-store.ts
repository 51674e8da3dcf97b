// The hub's verified CA certificates (Microsoft Learn, "Tutorial: Create and upload certificates
// for testing", "Register a CA certificate"): PEM by name. A device certificate that chains to
// one of them, with CN = device ID, authenticates a `certificateAuthority` device.

import type { Db } from './db.ts';

export type StoredCaCertificate = { name: string; pem: string; createdMs: number };

export function createCaCertificatesStore(db: Db) {
  const list = db.prepare<[], { name: string; pem: string; created_ms: number }>(
    'SELECT name, pem, created_ms FROM ca_certificates ORDER BY name',
  );
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO ca_certificates (name, pem, created_ms) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET pem = excluded.pem`,
  );
  const remove = db.prepare<[string]>('DELETE FROM ca_certificates WHERE name = ?');
  return {
    list: (): StoredCaCertificate[] =>
      list.all().map((r) => ({ name: r.name, pem: r.pem, createdMs: r.created_ms })),
    save: (name: string, pem: string, now: number): void => void upsert.run(name, pem, now),
    remove: (name: string): boolean => remove.run(name).changes > 0,
  };
}

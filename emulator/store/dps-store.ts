// The emulator's Device Provisioning Service data: enrollments (individual and groups) and
// registration states, each a JSON document in the provisioning service's own shape (Microsoft
// Learn, REST "Individual Enrollment - Create Or Update", "Device Registration State - Get").

import type { Db } from './db.ts';

export type EnrollmentKind = 'individual' | 'group';

export function createDpsStore(db: Db) {
  const get = db.prepare<[string, string], { doc: string }>(
    'SELECT doc FROM dps_enrollments WHERE kind = ? AND id = ?',
  );
  const list = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM dps_enrollments WHERE kind = ? ORDER BY id',
  );
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO dps_enrollments (kind, id, doc) VALUES (?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc`,
  );
  const remove = db.prepare<[string, string]>(
    'DELETE FROM dps_enrollments WHERE kind = ? AND id = ?',
  );
  const getState = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM dps_registrations WHERE registration_id = ?',
  );
  const listStates = db.prepare<[], { doc: string }>(
    'SELECT doc FROM dps_registrations ORDER BY registration_id',
  );
  const upsertState = db.prepare<[string, string]>(
    `INSERT INTO dps_registrations (registration_id, doc) VALUES (?, ?)
     ON CONFLICT (registration_id) DO UPDATE SET doc = excluded.doc`,
  );
  const removeState = db.prepare<[string]>(
    'DELETE FROM dps_registrations WHERE registration_id = ?',
  );
  const parse = <T>(row: { doc: string } | undefined): T | undefined =>
    row ? (JSON.parse(row.doc) as T) : undefined;
  return {
    getEnrollment: <T>(kind: EnrollmentKind, id: string) => parse<T>(get.get(kind, id)),
    listEnrollments: <T>(kind: EnrollmentKind) => list.all(kind).map((r) => JSON.parse(r.doc) as T),
    saveEnrollment: (kind: EnrollmentKind, id: string, doc: unknown): void =>
      void upsert.run(kind, id, JSON.stringify(doc)),
    removeEnrollment: (kind: EnrollmentKind, id: string): boolean =>
      remove.run(kind, id).changes > 0,
    getState: <T>(registrationId: string) => parse<T>(getState.get(registrationId)),
    listStates: <T>() => listStates.all().map((r) => JSON.parse(r.doc) as T),
    saveState: (registrationId: string, doc: unknown): void =>
      void upsertState.run(registrationId, JSON.stringify(doc)),
    removeState: (registrationId: string): boolean => removeState.run(registrationId).changes > 0,
  };
}

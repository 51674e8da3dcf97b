// Prepared statements for identities (devices and modules, with their twins), access policies
// and hub metadata. Records and twins are JSON documents keyed by (deviceId, moduleId).

import type { TwinCollection } from '../../src/iothub/twin.ts';

import type { Db } from './db.ts';

export type AuthenticationType = 'sas' | 'selfSigned' | 'certificateAuthority' | 'none';

export type IdentityRecord = {
  deviceId: string;
  moduleId?: string;
  generationId: string;
  etagCounter: number;
  status: 'enabled' | 'disabled';
  statusReason: string | null;
  statusUpdatedTime: string;
  authType: AuthenticationType;
  primaryKey: string;
  secondaryKey: string;
  primaryThumbprint: string | null;
  secondaryThumbprint: string | null;
  iotEdge: boolean;
  /** Devices only: an edge device's own scope, or the scope of a leaf's parent edge device. */
  deviceScope?: string;
  /** Devices only: the scopes of the parent edge devices (a leaf: its `deviceScope`). */
  parentScopes?: string[];
  managedBy: string | null;
  lastActivityTime: string;
  connectionStateUpdatedTime: string;
};

/** `$metadata` tree: every node carries `$lastUpdated` (+ `$lastUpdatedVersion` in desired). */
export type MetaNode = { [key: string]: MetaNode | string | number };

export type TwinState = {
  tags: TwinCollection;
  desired: TwinCollection;
  reported: TwinCollection;
  desiredVersion: number;
  reportedVersion: number;
  version: number;
  desiredMeta: MetaNode;
  reportedMeta: MetaNode;
  modelId: string;
};

export type Identity = { record: IdentityRecord; twin: TwinState };

export type Policy = { name: string; primaryKey: string; secondaryKey: string; rights: string[] };

type Row = { record: string; twin: string };

export function createRegistryStore(db: Db) {
  const get = db.prepare<[string, string], Row>(
    'SELECT record, twin FROM identities WHERE device_id = ? AND module_id = ?',
  );
  const listDevices = db.prepare<[], Row>(
    "SELECT record, twin FROM identities WHERE module_id = '' ORDER BY device_id",
  );
  const listModules = db.prepare<[string], Row>(
    "SELECT record, twin FROM identities WHERE device_id = ? AND module_id <> '' ORDER BY module_id",
  );
  const listAll = db.prepare<[], Row>(
    'SELECT record, twin FROM identities ORDER BY device_id, module_id',
  );
  const upsert = db.prepare<[string, string, string, string]>(
    `INSERT INTO identities (device_id, module_id, record, twin) VALUES (?, ?, ?, ?)
     ON CONFLICT (device_id, module_id) DO UPDATE SET record = excluded.record, twin = excluded.twin`,
  );
  const del = db.prepare<[string, string]>(
    'DELETE FROM identities WHERE device_id = ? AND module_id = ?',
  );
  const delModules = db.prepare<[string]>('DELETE FROM identities WHERE device_id = ?');
  const countDevices = db.prepare<[], { n: number; enabled: number }>(
    "SELECT COUNT(*) AS n, COALESCE(SUM(json_extract(record, '$.status') = 'enabled'), 0) AS enabled FROM identities WHERE module_id = ''",
  );
  const getPolicy = db.prepare<[string], { name: string; pk: string; sk: string; rights: string }>(
    'SELECT name, primary_key AS pk, secondary_key AS sk, rights FROM policies WHERE name = ?',
  );
  const upsertPolicy = db.prepare<[string, string, string, string]>(
    `INSERT INTO policies (name, primary_key, secondary_key, rights) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET primary_key = excluded.primary_key,
       secondary_key = excluded.secondary_key, rights = excluded.rights`,
  );
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare<[string, string]>(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const parse = (row: Row | undefined): Identity | undefined =>
    row && {
      record: JSON.parse(row.record) as IdentityRecord,
      twin: JSON.parse(row.twin) as TwinState,
    };

  return {
    get: (deviceId: string, moduleId?: string) => parse(get.get(deviceId, moduleId ?? '')),
    listDevices: () => listDevices.all().map((r) => parse(r) as Identity),
    listModules: (deviceId: string) => listModules.all(deviceId).map((r) => parse(r) as Identity),
    listAll: () => listAll.all().map((r) => parse(r) as Identity),
    save(identity: Identity): void {
      const { record, twin } = identity;
      upsert.run(
        record.deviceId,
        record.moduleId ?? '',
        JSON.stringify(record),
        JSON.stringify(twin),
      );
    },
    /** Deletes a module, or a device together with all its modules. */
    remove(deviceId: string, moduleId?: string): void {
      if (moduleId === undefined) delModules.run(deviceId);
      else del.run(deviceId, moduleId);
    },
    deviceCounts: () => countDevices.get() ?? { n: 0, enabled: 0 },
    getPolicy(name: string): Policy | undefined {
      const row = getPolicy.get(name);
      return (
        row && {
          name: row.name,
          primaryKey: row.pk,
          secondaryKey: row.sk,
          rights: row.rights.split(','),
        }
      );
    },
    savePolicy: (p: Policy) =>
      upsertPolicy.run(p.name, p.primaryKey, p.secondaryKey, p.rights.join(',')),
    getMeta: (key: string) => getMeta.get(key)?.value,
    setMeta: (key: string, value: string) => setMeta.run(key, value),
  };
}

export type RegistryStore = ReturnType<typeof createRegistryStore>;

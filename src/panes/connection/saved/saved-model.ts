/**
 * Saved connections (docs/saved-connections.md): named device or module connections kept in
 * this browser, each a connection string WITHOUT its secret (SharedAccessKey or
 * SharedAccessSignature) plus the advanced options. The secret is either asked for on connect
 * (`ask`, the default) or kept sealed with a passphrase (`encrypted`, secret-box.ts). Export and
 * import carry no secret. The old "Remember on this browser" string (plain key in localStorage)
 * migrates here without its key. Pure.
 */
import type { ConnectionDraft } from '../../../store/draft-types.ts';
import { DEFAULT_CONNECTION_DRAFT } from '../../../store/draft-types.ts';

import type { SealedSecret } from './secret-box.ts';

export type SavedOptions = Omit<ConnectionDraft, 'showAdvanced'>;

export type SecretName = 'SharedAccessKey' | 'SharedAccessSignature';

export type SavedConnection = {
  id: string;
  name: string;
  /** The connection string without its secret. */
  connectionString: string;
  /** Which secret the connection needs; undefined when it has none to keep. */
  secretName?: SecretName;
  secret: 'ask' | 'encrypted';
  sealed?: SealedSecret;
  options: SavedOptions;
  savedAt: number;
};

const SECRET_NAMES: readonly string[] = ['SharedAccessKey', 'SharedAccessSignature'];

/** Splits a connection string into the part without its secret and the secret. */
export function splitSecret(connectionString: string): {
  rest: string;
  secretName?: SecretName;
  secret?: string;
} {
  let secretName: SecretName | undefined;
  let secret: string | undefined;
  const kept: string[] = [];
  for (const part of connectionString.trim().split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (SECRET_NAMES.includes(name.trim())) {
      secretName = name.trim() as SecretName;
      secret = eq < 0 ? '' : part.slice(eq + 1);
    } else kept.push(part);
  }
  return { rest: kept.join(';'), ...(secretName ? { secretName, secret } : {}) };
}

/** The connection string with its secret put back. */
export function joinSecret(rest: string, secretName: SecretName, secret: string): string {
  return `${rest};${secretName}=${secret.trim()}`;
}

/** `DeviceId` or `DeviceId/ModuleId` of a connection string, for a default name. */
export function defaultName(connectionString: string): string {
  const get = (k: string) => new RegExp(`(?:^|;)\\s*${k}=([^;]*)`).exec(connectionString)?.[1];
  const device = get('DeviceId') ?? 'connection';
  const module = get('ModuleId');
  return module ? `${device}/${module}` : device;
}

export function optionsOf(draft: ConnectionDraft): SavedOptions {
  const { showAdvanced: _shown, ...options } = draft;
  return options;
}

/** Adds or replaces (by name) a saved connection; the newest first. */
export function upsert(
  list: readonly SavedConnection[],
  entry: SavedConnection,
): SavedConnection[] {
  return [entry, ...list.filter((e) => e.name !== entry.name && e.id !== entry.id)];
}

export function rename(
  list: readonly SavedConnection[],
  id: string,
  name: string,
): SavedConnection[] {
  return list.map((e) => (e.id === id ? { ...e, name } : e));
}

export function remove(list: readonly SavedConnection[], id: string): SavedConnection[] {
  return list.filter((e) => e.id !== id);
}

/** A name no other entry has: "name", "name (2)", … */
export function uniqueName(list: readonly SavedConnection[], name: string): string {
  const taken = new Set(list.map((e) => e.name));
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name} (${i})`)) return `${name} (${i})`;
}

export const EXPORT_FORMAT = 'iothub-console.connections';

/** JSON for a file: no secret, sealed or not (an imported entry asks for its key). */
export function exportConnections(list: readonly SavedConnection[]): string {
  const connections = list.map((e) => ({
    name: e.name,
    connectionString: splitSecret(e.connectionString).rest,
    ...(e.secretName ? { secretName: e.secretName } : {}),
    options: e.options,
  }));
  return JSON.stringify({ format: EXPORT_FORMAT, version: 1, connections }, null, 2);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function importOptions(v: unknown): SavedOptions {
  const base = optionsOf(DEFAULT_CONNECTION_DRAFT);
  if (!isObject(v)) return base;
  const out: Json = { ...base };
  for (const [k, d] of Object.entries(base)) {
    const x = v[k];
    if (typeof x === typeof d && !Array.isArray(d)) out[k] = x;
    else if (Array.isArray(d) && Array.isArray(x))
      out[k] = x.filter(
        (r): r is { key: string; value: string } =>
          isObject(r) && typeof r.key === 'string' && typeof r.value === 'string',
      );
  }
  return out as SavedOptions;
}

/**
 * Entries from an export file, each asking for its key on connect. A secret found in a file
 * anyway is dropped, never stored. Errors name the entry and the field.
 */
export function importConnections(
  text: string,
  makeId: () => string,
  now: number,
): { ok: true; value: SavedConnection[] } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not JSON: ${(e as Error).message}` };
  }
  if (!isObject(data) || data.format !== EXPORT_FORMAT || !Array.isArray(data.connections))
    return {
      ok: false,
      error: `Not a connections export: expected "format": "${EXPORT_FORMAT}" and a "connections" array.`,
    };
  const out: SavedConnection[] = [];
  for (const [i, c] of data.connections.entries()) {
    if (!isObject(c) || typeof c.name !== 'string' || !c.name.trim())
      return { ok: false, error: `Connection ${i + 1}: "name" must be a non-empty string.` };
    if (typeof c.connectionString !== 'string' || !/HostName=/i.test(c.connectionString))
      return {
        ok: false,
        error: `Connection ${i + 1} (${c.name}): "connectionString" must hold HostName=…;DeviceId=….`,
      };
    const split = splitSecret(c.connectionString);
    const secretName =
      split.secretName ??
      (c.secretName === 'SharedAccessSignature' ? 'SharedAccessSignature' : 'SharedAccessKey');
    out.push({
      id: makeId(),
      name: c.name.trim(),
      connectionString: split.rest,
      secretName,
      secret: 'ask',
      options: importOptions(c.options),
      savedAt: now,
    });
  }
  return { ok: true, value: out };
}

export const MIGRATED_NAME = 'Remembered connection';

/**
 * The old "Remember on this browser" value (a full connection string, key in plain text) as a
 * saved connection without its key, and the key for this page's memory only.
 */
export function migrateRemembered(
  legacy: string,
  options: SavedOptions,
  id: string,
  now: number,
): { entry: SavedConnection; fullConnectionString: string } {
  const split = splitSecret(legacy);
  return {
    entry: {
      id,
      name: MIGRATED_NAME,
      connectionString: split.rest,
      ...(split.secretName ? { secretName: split.secretName } : {}),
      secret: 'ask',
      options,
      savedAt: now,
    },
    fullConnectionString: legacy.trim(),
  };
}

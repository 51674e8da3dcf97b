// The IoT Plug and Play digital twin view of a device twin, and JSON Patch onto desired
// properties (Microsoft Learn, "Manage IoT Plug and Play digital twins" and "IoT Plug and Play
// conventions"):
// - a component is a twin property whose object carries the marker `"__t": "c"`;
// - a writable property's value is what the device acknowledged (`{value, ac, av, ad}` in
//   reported), its `$metadata` holds `desiredValue` / `desiredVersion` from desired and
//   `ackCode` / `ackVersion` / `ackDescription` from the acknowledgement;
// - `$dtId` is the device ID, `$metadata.$model` the model ID the device announced.

import type { TwinCollection, TwinValue } from '../../src/iothub/twin.ts';
import { RegistryError } from '../registry.ts';
import type { Identity, MetaNode } from '../store/registry-store.ts';

type Doc = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, TwinValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isComponent = (v: unknown): boolean => isObject(v) && v.__t === 'c';
const isAck = (v: unknown): v is { value: TwinValue; ac?: number; av?: number; ad?: string } =>
  isObject(v) && 'value' in v && ('ac' in v || 'av' in v);

const names = (...docs: (Record<string, TwinValue> | undefined)[]) =>
  [...new Set(docs.flatMap((d) => Object.keys(d ?? {})))].filter(
    (k) => !k.startsWith('$') && k !== '__t',
  );

const stampOf = (meta: MetaNode | undefined, name: string): string | undefined => {
  const node = meta?.[name];
  const stamp = typeof node === 'object' ? node.$lastUpdated : undefined;
  return typeof stamp === 'string' ? stamp : undefined;
};

const child = (meta: MetaNode | undefined, name: string): MetaNode | undefined => {
  const node = meta?.[name];
  return typeof node === 'object' ? node : undefined;
};

/** Properties and `$metadata` of the root or of one component. */
function section(
  desired: Record<string, TwinValue> | undefined,
  reported: Record<string, TwinValue> | undefined,
  desiredMeta: MetaNode | undefined,
  reportedMeta: MetaNode | undefined,
  components: boolean,
): Doc {
  const out: Doc = {};
  const metadata: Doc = {};
  for (const name of names(desired, reported)) {
    const d = desired?.[name];
    const r = reported?.[name];
    if (components && (isComponent(d) || isComponent(r))) {
      out[name] = section(
        isObject(d) ? d : undefined,
        isObject(r) ? r : undefined,
        child(desiredMeta, name),
        child(reportedMeta, name),
        false,
      );
      continue;
    }
    const meta: Doc = {};
    if (d !== undefined) {
      meta.desiredValue = d;
      const version = child(desiredMeta, name)?.$lastUpdatedVersion;
      if (version !== undefined) meta.desiredVersion = version;
    }
    if (isAck(r)) {
      out[name] = r.value;
      if (r.av !== undefined) meta.ackVersion = r.av;
      if (r.ac !== undefined) meta.ackCode = r.ac;
      if (r.ad !== undefined) meta.ackDescription = r.ad;
    } else if (r !== undefined) {
      out[name] = r;
    }
    const stamp = stampOf(reportedMeta, name) ?? stampOf(desiredMeta, name);
    if (stamp !== undefined) meta.lastUpdateTime = stamp;
    metadata[name] = meta;
  }
  out.$metadata = metadata;
  return out;
}

export function digitalTwinOf(identity: Identity): Doc {
  const { twin } = identity;
  const body = section(twin.desired, twin.reported, twin.desiredMeta, twin.reportedMeta, true);
  const metadata = body.$metadata as Doc;
  return {
    $dtId: identity.record.deviceId,
    ...body,
    $metadata: { ...(twin.modelId ? { $model: twin.modelId } : {}), ...metadata },
  };
}

type Operation = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

const invalid = (message: string) => new RegistryError('ArgumentInvalid', message);

/** RFC 6901 pointer segments: `~1` is `/`, `~0` is `~`. */
function segments(path: unknown): string[] {
  if (typeof path !== 'string' || !path.startsWith('/') || path === '/')
    throw invalid(
      `The JSON Patch path '${String(path)}' must name a property, like /prop or /component/prop.`,
    );
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A component value as a patch sends it: its `$metadata` dropped, the marker added. */
function componentValue(value: unknown): TwinCollection {
  if (!isObject(value)) throw invalid('A component must be set to a JSON object.');
  const { $metadata: _ignored, ...props } = value;
  return { __t: 'c', ...props };
}

export type NameKind = 'component' | 'property' | 'unknown';

/**
 * Turns a JSON Patch (RFC 6902 `add`, `replace`, `remove`) on the digital twin into a merge patch
 * of desired properties. `kindOf` says what a top-level name is in the twin now. Without the
 * model (the emulator has no model repository), a top-level value with `$metadata` is a
 * component, and so is an unknown name in a two-level path (`/thermostat1/targetTemperature`):
 * Plug and Play nests properties only in components. Both are marked `__t: c` in desired, as
 * the conventions ask.
 */
export function desiredPatchOf(
  operations: unknown,
  kindOf: (name: string) => NameKind,
): TwinCollection {
  if (!Array.isArray(operations) || operations.length === 0)
    throw invalid('The body must be a JSON Patch: a non-empty array of {op, path, value}.');
  const patch: TwinCollection = {};
  for (const raw of operations as Operation[]) {
    if (!isObject(raw) || !['add', 'replace', 'remove'].includes(String(raw.op)))
      throw invalid(`Each operation needs op add, replace or remove; got ${JSON.stringify(raw)}.`);
    const path = segments(raw.path);
    const remove = raw.op === 'remove';
    if (!remove && raw.value === undefined)
      throw invalid(`The ${raw.op} of ${raw.path} needs a value.`);
    const [first = '', ...rest] = path;
    const kind = kindOf(first);
    const component =
      kind === 'component' ||
      (rest.length === 0 ? isObject(raw.value) && '$metadata' in raw.value : kind === 'unknown');
    if (rest.length === 0) {
      patch[first] = remove
        ? null
        : component
          ? componentValue(raw.value)
          : (raw.value as TwinValue);
      continue;
    }
    let node = patch[first];
    if (!isObject(node)) {
      node = component ? { __t: 'c' } : {};
      patch[first] = node;
    }
    for (const key of rest.slice(0, -1)) {
      const next: TwinValue | undefined = node[key];
      node = isObject(next) ? next : (node[key] = {});
    }
    node[rest[rest.length - 1] ?? ''] = remove ? null : (raw.value as TwinValue);
  }
  return patch;
}

export const nameKinds =
  (identity: Identity) =>
  (name: string): NameKind => {
    const { desired, reported } = identity.twin;
    if (isComponent(desired[name]) || isComponent(reported[name])) return 'component';
    return desired[name] === undefined && reported[name] === undefined ? 'unknown' : 'property';
  };

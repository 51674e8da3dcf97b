// `$metadata` upkeep (spec §4.1): `$lastUpdated` on every node a patch touched (parents too, so
// removals are visible), `$lastUpdatedVersion` in desired only.

import type { TwinCollection, TwinValue } from '../src/iothub/twin.ts';

import type { MetaNode } from './store/registry-store.ts';

const isObject = (v: TwinValue | undefined): v is TwinCollection =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stampNode(node: MetaNode, stamp: string, version: number | undefined): MetaNode {
  node.$lastUpdated = stamp;
  if (version !== undefined) node.$lastUpdatedVersion = version;
  return node;
}

/** Fresh metadata for a whole value, every node stamped. */
function metaFor(value: TwinValue, stamp: string, version: number | undefined): MetaNode {
  const node = stampNode({}, stamp, version);
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (!k.startsWith('$') && v !== null) node[k] = metaFor(v, stamp, version);
    }
  }
  return node;
}

/** Metadata after merging `patch` (null deletes) into the collection it describes. */
export function patchMetadata(
  meta: MetaNode,
  patch: TwinCollection,
  stamp: string,
  version?: number,
): MetaNode {
  const next: MetaNode = stampNode({ ...meta }, stamp, version);
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete next[key];
    } else if (isObject(value)) {
      const child = next[key];
      next[key] =
        typeof child === 'object'
          ? patchMetadata(child, value, stamp, version)
          : metaFor(value, stamp, version);
    } else {
      next[key] = metaFor(value, stamp, version);
    }
  }
  return next;
}

/** Metadata for a collection that replaced the previous one entirely (twin PUT). */
export function replaceMetadata(doc: TwinCollection, stamp: string, version?: number): MetaNode {
  return metaFor(doc, stamp, version);
}

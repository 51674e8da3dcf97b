// Twin collections (desired, reported, tags): merge patches and measure size (spec §4.2, §4.3).

import { isControlChar } from './encoding.ts';
import { err, ok, type Result } from './result.ts';
import {
  isPlainObject,
  setOwn,
  type TwinCollection,
  type TwinSection,
  type TwinValidationError,
  type TwinValue,
} from './twin-types.ts';

export type { TwinCollection, TwinSection, TwinValidationError, TwinValue } from './twin-types.ts';
export { validateTwinPatch } from './twin-validate.ts';

/** Section size limits in bytes as IoT Hub counts them (spec §4.3). */
export const TWIN_SIZE_LIMITS: Record<TwinSection, number> = {
  tags: 8192,
  desired: 32768,
  reported: 32768,
};

function clone(value: TwinValue): TwinValue {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) return applyTwinPatch({}, value as TwinCollection);
  return value;
}

/**
 * JSON merge (spec §4.2, RFC 7386 style): members add or replace, nested objects merge, `null`
 * deletes, arrays replace whole. Keys starting with '$' in the patch are ignored. Returns a new
 * object; neither argument is mutated and the result shares nothing with them.
 */
export function applyTwinPatch(doc: TwinCollection, patch: TwinCollection): TwinCollection {
  const out: TwinCollection = {};
  for (const key of Object.keys(doc)) setOwn(out, key, clone(doc[key] as TwinValue));
  for (const key of Object.keys(patch)) {
    if (key.startsWith('$')) continue;
    const value = patch[key] as TwinValue;
    if (value === null) {
      delete out[key];
    } else if (isPlainObject(value)) {
      const current = out[key];
      const base = isPlainObject(current) ? (current as TwinCollection) : {};
      setOwn(out, key, applyTwinPatch(base, value as TwinCollection));
    } else {
      setOwn(out, key, clone(value));
    }
  }
  return out;
}

function textSize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isControlChar(text.charCodeAt(i))) n++;
  return n;
}

function valueSize(value: TwinValue): number {
  if (value === null) return 0;
  if (typeof value === 'string') return textSize(value);
  if (typeof value === 'number') return 8;
  if (typeof value === 'boolean') return 4;
  if (Array.isArray(value)) return value.reduce<number>((sum, v) => sum + valueSize(v), 0);
  return twinCollectionSize(value);
}

/**
 * Size as IoT Hub counts it (spec §4.3): Σ(key length + value length) over members, in characters
 * excluding control characters; numbers 8, booleans 4, null 0, objects and arrays the sum of
 * their members. `$`-keys (`$version`, `$metadata`) are excluded.
 */
export function twinCollectionSize(c: TwinCollection): number {
  let size = 0;
  for (const key of Object.keys(c)) {
    if (key.startsWith('$')) continue;
    size += textSize(key) + valueSize(c[key] as TwinValue);
  }
  return size;
}

/** Rejects a (merged) section larger than TWIN_SIZE_LIMITS allows (spec §4.3). Error code
 *  400004 ArgumentInvalid [INFERRED: the docs do not name the code for an oversized twin]. */
export function checkTwinSize(
  c: TwinCollection,
  section: TwinSection,
): Result<void, TwinValidationError> {
  const size = twinCollectionSize(c);
  const limit = TWIN_SIZE_LIMITS[section];
  if (size <= limit) return ok(undefined);
  return err({
    errorCode: 400004,
    message: `The ${section} section would be ${size} bytes; IoT Hub allows ${limit} bytes`,
  });
}

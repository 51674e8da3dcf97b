// Validates a twin patch against IoT Hub's rules before it is applied (spec §4.3, §4.4).

import { utf8Length, isControlChar } from './encoding.ts';
import {
  TWIN_MAX_DEPTH,
  TWIN_MAX_INTEGER,
  TWIN_MAX_KEY_BYTES,
  TWIN_MAX_STRING_BYTES,
  TWIN_MIN_INTEGER,
} from './limits.ts';
import { err, ok, type Result } from './result.ts';
import {
  isPlainObject,
  type TwinCollection,
  type TwinSection,
  type TwinValidationError,
} from './twin-types.ts';

const ARGUMENT_INVALID = 400004;

type Problem = { message: string; path: string };

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function keyProblem(key: string): string | undefined {
  if (key === '') return 'property names must not be empty';
  for (const ch of key) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '.' || ch === '$' || ch === ' ' || isControlChar(code)) {
      const shown = isControlChar(code)
        ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
        : `'${ch}'`;
      return `property name '${key}' contains ${shown}; names must not contain '.', '$', spaces or control characters`;
    }
  }
  const bytes = utf8Length(key);
  if (bytes > TWIN_MAX_KEY_BYTES) {
    return `property name is ${bytes} bytes; the limit is ${TWIN_MAX_KEY_BYTES} bytes (UTF-8)`;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object')
    return v === null
      ? 'null'
      : ((Object.getPrototypeOf(v) as object)?.constructor?.name ?? 'object');
  return typeof v;
}

// Arrays count as a nesting level like objects [INFERRED: the docs only say "depth ≤ 10"].
function check(value: unknown, path: string, depth: number): Problem | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'string') {
    const bytes = utf8Length(value);
    if (bytes <= TWIN_MAX_STRING_BYTES) return undefined;
    return {
      path,
      message: `string value is ${bytes} bytes; the limit is ${TWIN_MAX_STRING_BYTES} bytes (UTF-8)`,
    };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { path, message: `${value} is not a JSON number` };
    if (Number.isInteger(value) && (value < TWIN_MIN_INTEGER || value > TWIN_MAX_INTEGER)) {
      return {
        path,
        message: `integer ${value} is outside [${TWIN_MIN_INTEGER}, ${TWIN_MAX_INTEGER}]`,
      };
    }
    return undefined;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    return {
      path,
      message: `${describe(value)} is not a JSON value (string, number, boolean, object, array or null)`,
    };
  }
  if (depth + 1 > TWIN_MAX_DEPTH) {
    return { path, message: `nesting is deeper than ${TWIN_MAX_DEPTH} levels` };
  }
  if (isArray) {
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], join(path, i), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return checkMembers(value, path, depth + 1);
}

function checkMembers(
  obj: { [k: string]: unknown },
  path: string,
  depth: number,
): Problem | undefined {
  for (const key of Object.keys(obj)) {
    const problem = keyProblem(key);
    if (problem) return { path: join(path, key), message: problem };
    const inner = check(obj[key], join(path, key), depth);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Validates a patch (e.g. JSON.parse output) for one twin section (spec §4.3): an object whose
 * keys obey IoT Hub's rules (including no '$' keys such as `$version`, §4.4), depth ≤ 10,
 * JSON value types, integers within ±2^52, strings ≤ 4 KB. Errors carry 400004 ArgumentInvalid.
 */
export function validateTwinPatch(
  patch: unknown,
  section: TwinSection,
): Result<TwinCollection, TwinValidationError> {
  if (!isPlainObject(patch)) {
    return err({
      errorCode: ARGUMENT_INVALID,
      message: `A ${section} patch must be a JSON object, not ${Array.isArray(patch) ? 'an array' : describe(patch)}`,
    });
  }
  const problem = checkMembers(patch, '', 0);
  if (problem) {
    return err({
      errorCode: ARGUMENT_INVALID,
      message: `Invalid ${section} patch at '${problem.path}': ${problem.message}`,
      path: problem.path,
    });
  }
  return ok(patch as TwinCollection);
}

// Twin value types shared by twin.ts and twin-validate.ts (spec §4).

export type TwinValue = string | number | boolean | null | TwinValue[] | { [k: string]: TwinValue };
export type TwinCollection = { [k: string]: TwinValue };
export type TwinSection = 'desired' | 'reported' | 'tags';
export type TwinValidationError = { errorCode: number; message: string; path?: string };

export function isPlainObject(v: unknown): v is { [k: string]: unknown } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Sets an own data property, so a '__proto__' key from JSON stays a key. */
export function setOwn<T>(target: { [k: string]: T }, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

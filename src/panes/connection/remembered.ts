// "Remember on this browser": an explicit opt-in; without it secrets stay in memory (perf B4).
export const REMEMBER_KEY = 'iothub-console.connection-string';

export function loadRemembered(): string | undefined {
  try {
    return globalThis.localStorage?.getItem(REMEMBER_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveRemembered(value: string | undefined): void {
  try {
    if (value === undefined) globalThis.localStorage?.removeItem(REMEMBER_KEY);
    else globalThis.localStorage?.setItem(REMEMBER_KEY, value);
  } catch {
    // Storage disabled: nothing is remembered, which is the safe outcome.
  }
}

// The old "Remember on this browser" value (a connection string with its key, in plain text in
// localStorage): read once to migrate it into saved connections without its key, then removed
// (saved/saved-connections.tsx, docs/saved-connections.md). Nothing writes it any more.
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

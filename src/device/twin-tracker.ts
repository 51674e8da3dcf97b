/**
 * The device reconnection flow for desired properties (DOC-TWIN, spec §3.3, perf B1): after every
 * (re)connect GET the full twin; ignore notifications whose $version is not newer than the fetched
 * document; a gap in versions means something was missed, so fetch again. Pure: no I/O, no timers.
 */
export type DesiredDecision =
  | { action: 'apply' }
  | { action: 'ignore'; reason: string }
  | { action: 'buffer' }
  | { action: 'refetch'; reason: string };

export type BufferedDesired = { version: number; patch: unknown };

export class TwinTracker {
  #version: number | undefined;
  #fetching = false;
  #buffer: BufferedDesired[] = [];

  get desiredVersion(): number | undefined {
    return this.#version;
  }

  get fetching(): boolean {
    return this.#fetching;
  }

  /** A GET is on its way: notifications are held until it answers. */
  beginFetch(): void {
    this.#fetching = true;
  }

  onDesired(version: number, patch: unknown): DesiredDecision {
    if (this.#fetching || this.#version === undefined) {
      this.#buffer.push({ version, patch });
      return { action: 'buffer' };
    }
    if (version <= this.#version) {
      return { action: 'ignore', reason: `not newer than $version ${this.#version}` };
    }
    if (version > this.#version + 1) {
      this.#fetching = true;
      this.#buffer.push({ version, patch });
      return { action: 'refetch', reason: `gap: expected $version ${this.#version + 1}` };
    }
    this.#version = version;
    return { action: 'apply' };
  }

  /**
   * The GET answered with this desired $version. Returns the held notifications that are newer,
   * in version order; the caller feeds each back through onDesired().
   */
  onFetched(version: number): BufferedDesired[] {
    this.#fetching = false;
    this.#version = version;
    const newer = this.#buffer.filter((n) => n.version > version);
    this.#buffer = [];
    return newer.sort((a, b) => a.version - b.version);
  }

  /** The GET failed: stop holding notifications and replay them against the last known version. */
  onFetchFailed(): BufferedDesired[] {
    this.#fetching = false;
    const held = this.#buffer;
    this.#buffer = [];
    return held.sort((a, b) => a.version - b.version);
  }

  reset(): void {
    this.#version = undefined;
    this.#fetching = false;
    this.#buffer = [];
  }
}

/** Top-level keys whose value differs between two desired documents ($-keys excluded). */
export function changedKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => !k.startsWith('$'))
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .sort();
}

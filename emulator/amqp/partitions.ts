// The built-in endpoint's partitions (Microsoft Learn, "Read device-to-cloud messages from the
// built-in endpoint": the partition count is fixed when the hub is created, and "IoT Hub ... uses
// the device ID as the partition key", so one device's messages stay in order on one partition).
// [EMU] IoT Hub's exact hash is not documented; this is a stable FNV-1a over the upper-cased id,
// so a device always lands on the same partition, but not necessarily the one Azure would pick.

export const DEFAULT_PARTITIONS = 4;
export const MAX_PARTITIONS = 32;

export function partitionOf(deviceId: string, partitionCount: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(deviceId.toUpperCase(), 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitionCount;
}

export const partitionIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => String(i));

// Assertions of the kill -9 suite that compare what clients were told with what the hub has.

import { expect } from 'vitest';

import { telemetryBody } from './devices.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
export type Json = any;

export type SentTelemetry = Map<string, { deviceId: string; n: number; round: number }>;

/** Every event row against what was published: an id never sent, a row stored twice, or a body or
 *  property that differs from what the device sent is a problem. Returns the ids seen. */
export function eventProblems(events: Json[], sent: SentTelemetry) {
  const stored = new Set<string>();
  const bad: string[] = [];
  for (const e of events) {
    const id = e.systemProperties['message-id'] as string;
    const s = sent.get(id);
    if (stored.has(id)) bad.push(`seq ${e.sequenceNumber}: ${id} stored twice`);
    stored.add(id);
    if (
      !s ||
      e.deviceId !== s.deviceId ||
      e.body !== telemetryBody(id, s.n) ||
      e.properties.n !== String(s.n) ||
      e.properties.round !== String(s.round) ||
      e.systemProperties['iothub-connection-device-id'] !== s.deviceId
    )
      bad.push(`seq ${e.sequenceNumber}: the row for ${id} is not what was sent`);
  }
  return { stored, bad };
}

/** A twin section's acknowledged patches against what survived: every acknowledged patch is in,
 *  with the `$version` it was answered with; the one in flight at the kill may or may not be. */
export function checkTwinSection(
  section: 'reported' | 'desired',
  before: { n: number; version: number },
  answered: { n: number; version: number }[],
  inFlight: number | undefined,
  got: Json,
) {
  answered.forEach((a, i) => {
    // Each answer is exactly one version past the previous: no update was lost before the kill.
    expect(a, `${section} answer ${i}`).toEqual({
      n: before.n + i + 1,
      version: before.version + i + 1,
    });
  });
  const last = answered.at(-1) ?? before;
  const landed = inFlight !== undefined && got.n === inFlight;
  expect({ n: got.n ?? 0, version: got.$version }, `${section} after restart`).toEqual(
    landed ? { n: inFlight, version: last.version + 1 } : last,
  );
  return { n: got.n ?? 0, version: got.$version as number };
}

// placeholder, replaced below
import type { Rig } from './setup.ts';
export type HiddenResult = {
  minutes: number;
  visibilityState: string;
  disconnects: number;
  statusAtEnd: string;
  perMinute: { min: number; max: number };
  intervalMs: number;
  c2dShown: number;
  c2dSent: number;
  c2dAcked: number;
};
export async function hiddenScenario(
  _rig: Rig,
  _o: { minutes: number },
  _log: (l: string) => void,
): Promise<HiddenResult> {
  throw new Error('not yet');
}

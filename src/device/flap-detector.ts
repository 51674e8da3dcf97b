/**
 * Detects two clients fighting over one device identity. IoT Hub keeps one connection per device:
 * a new CONNECT for the same id makes the hub close the older connection (400027
 * ConnectionForcefullyClosedOnNewConnection, spec §1.10), and over MQTT 3.1.1 nothing says why the
 * socket closed. Two clients that both reconnect on their own would kick each other forever, so we
 * judge from behaviour alone (works the same against IoT Hub and the emulator): connections the
 * server closes shortly after their CONNACK, several in a row. Pure: the caller supplies the clock.
 */

/**
 * A connection the server closes within this long after its CONNACK counts as "kicked right after
 * it opened". The other client usually comes back fast (the console retries after ~100 ms; the
 * Azure IoT SDKs back off from 100 ms up to a few seconds), so its CONNECT closes ours within a few
 * seconds. 10 s catches slower firmware too; ordinary drops (network, hub restart) rarely hit a
 * connection this young three times in a row.
 */
export const FLAP_WINDOW_MS = 10_000;

/**
 * Stop after this many such closes in a row. One is a normal takeover (the device came online, or
 * the user picked this device elsewhere) and must still reconnect; two can be a coincidence (a hub
 * restart right after a reconnect); three in a row is a fight that will not end by itself.
 */
export const FLAP_LIMIT = 3;

export type FlapState = {
  /** Consecutive connections the server closed within FLAP_WINDOW_MS of their CONNACK. */
  streak: number;
  /** When the current connection got its CONNACK; undefined while not connected. */
  connectedAt?: number;
};

export const FLAP_START: FlapState = { streak: 0 };

/**
 * What ended a connection attempt:
 * - `server`: the socket closed without a local cause (the hub closed it, or the network did);
 * - `keepalive`: mqtt.js gave up waiting for PINGRESP (a dead network, not a kick);
 * - `local`: our own DISCONNECT (user, SAS renewal's controlled reconnect).
 */
export type CloseCause = 'server' | 'keepalive' | 'local';

export type FlapEvent =
  { kind: 'connected'; at: number } | { kind: 'closed'; at: number; cause: CloseCause };

export function flapStep(state: FlapState, event: FlapEvent): FlapState {
  if (event.kind === 'connected') return { streak: state.streak, connectedAt: event.at };
  const { connectedAt } = state;
  // Closed before any CONNACK: the hub was unreachable, not a kick; the run is broken.
  if (connectedAt === undefined) return { streak: 0 };
  const young = event.at - connectedAt < FLAP_WINDOW_MS;
  // A connection that lasted past the window is stable: whatever came before no longer counts.
  if (!young) return { streak: 0 };
  switch (event.cause) {
    case 'server':
      return { streak: state.streak + 1 };
    case 'keepalive':
      return { streak: 0 };
    case 'local':
      // Neither counts nor breaks the run (a renewal of a young connection is not a kick).
      return { streak: state.streak };
  }
}

export function isFlapping(state: FlapState): boolean {
  return state.streak >= FLAP_LIMIT;
}

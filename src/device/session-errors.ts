// Connection failures in IoT Hub terms (spec §1.6: the hub answers any CONNECT failure with 5).
import type { SasInfo, SessionError } from './session-types.ts';

export function authRefusedError(
  code: number,
  authKind: 'key' | 'sas',
  sas: SasInfo | undefined,
): SessionError {
  const now = Date.now() / 1000;
  if (authKind === 'sas' && sas && sas.expiresAt <= now) {
    return {
      kind: 'token-expired',
      message: `Not authorized (CONNACK ${code}): the SharedAccessSignature expired, and a given token cannot be renewed. Paste a fresh one or use a key-based connection string.`,
    };
  }
  return {
    kind: 'not-authorized',
    message: `Not authorized (CONNACK ${code}): IoT Hub refused these credentials. Check the key (wrong key or expired token), and that the device exists and is enabled.`,
  };
}

export function unreachableError(url: string, detail: string | undefined): SessionError {
  return {
    kind: 'unreachable',
    message: `WebSocket refused or host unreachable: could not open ${url}${detail ? ` (${detail})` : ''}. Check the host name, the endpoint and that nothing blocks port 443.`,
  };
}

/**
 * Several connections in a row closed by the server right after their CONNACK (flap-detector.ts):
 * over MQTT the reason is invisible, but the likely one is spec §1.10 (one connection per device).
 */
export function kickedRepeatedlyError(times: number): SessionError {
  return {
    kind: 'kicked-repeatedly',
    message: `Stopped: IoT Hub closed this connection right after it opened, ${times} times in a row. Another client is probably connected as this device (IoT Hub keeps one connection per device, error 400027). Close the other client, then Connect.`,
  };
}

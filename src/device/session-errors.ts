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

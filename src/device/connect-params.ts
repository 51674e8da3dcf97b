// What one CONNECT needs: a SAS token (spec §1.4) and the MQTT fields (spec §1.2, §1.3, §1.11).
import { buildClientId, buildUsername } from '../iothub/mqtt-connect.ts';
import { deviceResourceUri, signSasToken } from '../iothub/sas-token.ts';
import { telemetryTopic } from '../iothub/topics.ts';

import type { LinkOptions } from './mqtt-link.ts';
import { renewalTime } from './sas-schedule.ts';
import type { ConnectOptions, SasInfo, SessionError } from './session-types.ts';

export const DEFAULT_SAS_LIFETIME_SEC = 3600;
export const DEFAULT_KEEPALIVE_SEC = 60;

/** Signs a fresh token for key-based strings; returns a given token as is. Throws a SessionError. */
export async function issueToken(
  opts: ConnectOptions,
  nowSec = Math.floor(Date.now() / 1000),
): Promise<{ password: string; sas: SasInfo }> {
  const { auth, hostName, deviceId, moduleId } = opts.info;
  if (auth.kind === 'sas') {
    if (auth.expiresAt <= nowSec) throw expiredError();
    return {
      password: auth.sharedAccessSignature,
      sas: { expiresAt: auth.expiresAt, renewable: false },
    };
  }
  const expiresAt = nowSec + (opts.sasLifetimeSec ?? DEFAULT_SAS_LIFETIME_SEC);
  const password = await signSasToken({
    resourceUri: deviceResourceUri(hostName, deviceId, moduleId),
    key: auth.sharedAccessKey,
    keyName: auth.sharedAccessKeyName,
    expiresAt,
  });
  return { password, sas: { expiresAt, renewAt: renewalTime(nowSec, expiresAt), renewable: true } };
}

export function linkOptions(opts: ConnectOptions, password: string): LinkOptions {
  const { hostName, deviceId, moduleId } = opts.info;
  const will = opts.will;
  return {
    url: opts.url,
    clientId: buildClientId(deviceId, moduleId),
    username: buildUsername({ hostName, deviceId, moduleId, modelId: opts.modelId || undefined }),
    password,
    keepAliveSec: opts.keepAliveSec ?? DEFAULT_KEEPALIVE_SEC,
    will: will && {
      topic: telemetryTopic({ deviceId, moduleId }, will.properties),
      payload: will.body,
    },
  };
}

function expiredError(): SessionError {
  return {
    kind: 'token-expired',
    message:
      'The SharedAccessSignature in this connection string has expired, and a given token cannot be renewed: paste a fresh one or use a key-based connection string.',
  };
}

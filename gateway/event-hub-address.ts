// Finds a hub's built-in Event Hubs-compatible endpoint from its IoT Hub connection string, as
// Microsoft's sample "iot-hub/Quickstarts/read-d2c-messages" (iotHubConnectionString.js) does:
// log in over AMQPS with SASL PLAIN (`{policy}@sas.root.{hubName}` and a SAS token for
// `{HostName}/messages/events`), attach a receiver to `messages/events/$management`, and read the
// `amqp:link:redirect` the hub detaches it with: `info.hostname` is the Event Hubs namespace and
// `info.address` (`amqps://{namespace}:{port}/{eventHub}/$management`) names the entity.

// CommonJS: a default import, as for the other CommonJS SDK packages.
import rheaPromise from 'rhea-promise';

import type { ServiceConnectionInfo } from '../src/iothub/connection-string.ts';
import { signSasToken } from '../src/iothub/sas-token.ts';

const { Connection } = rheaPromise;

type Redirect = { condition?: string; description?: string; info?: Record<string, unknown> };

/** The Event Hubs connection string built from a redirect, or an Error saying why not. */
export function connectionStringFromRedirect(
  error: Redirect | undefined,
  info: ServiceConnectionInfo,
): string | Error {
  if (error?.condition !== 'amqp:link:redirect')
    return new Error(
      `IoT Hub did not redirect to its built-in endpoint: ${error?.condition ?? 'no answer'}${error?.description ? ` (${error.description})` : ''}`,
    );
  const hostname = error.info?.hostname;
  const address = error.info?.address;
  const match = typeof address === 'string' ? /:(\d+)\/(.*)\/\$management/i.exec(address) : null;
  if (typeof hostname !== 'string' || !match?.[2])
    return new Error(`IoT Hub's redirect names no endpoint (${String(address)})`);
  // The sample assumes 5671; a redirect to another port (the emulator's own) keeps it.
  const port = match[1] === '5671' ? '' : `:${match[1]}`;
  return `Endpoint=sb://${hostname}${port}/;EntityPath=${match[2]};SharedAccessKeyName=${info.sharedAccessKeyName};SharedAccessKey=${info.sharedAccessKey}`;
}

export async function resolveEventHubConnectionString(
  info: ServiceConnectionInfo,
): Promise<string> {
  const hubName = info.hostName.split('.')[0] ?? info.hostName;
  const password = await signSasToken({
    resourceUri: `${info.hostName}/messages/events`,
    key: info.sharedAccessKey,
    keyName: info.sharedAccessKeyName,
    expiresAt: Math.floor(Date.now() / 1000) + 300,
  });
  const connection = new Connection({
    transport: 'tls',
    host: info.hostName,
    hostname: info.hostName,
    port: 5671,
    username: `${info.sharedAccessKeyName}@sas.root.${hubName}`,
    password,
    reconnect: false,
  });
  try {
    await connection.open();
    const redirect = await new Promise<Redirect | undefined>((resolve) => {
      connection
        .createReceiver({
          source: { address: `amqps://${info.hostName}/messages/events/$management` },
          onError: (context) => resolve(context.receiver?.error as Redirect | undefined),
          onMessage: () => {},
          onClose: (context) => resolve(context.receiver?.error as Redirect | undefined),
        })
        .catch((e: unknown) => resolve(e as Redirect));
    });
    const result = connectionStringFromRedirect(redirect, info);
    if (result instanceof Error) throw result;
    return result;
  } catch (e) {
    // A wrong key fails SASL: say it in IoT Hub terms.
    const text = e instanceof Error ? e.message : JSON.stringify(e);
    if (/sasl|auth/i.test(text))
      throw new Error(`IotHubUnauthorizedAccess: IoT Hub refused the key (${text})`, { cause: e });
    throw e instanceof Error ? e : new Error(text);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

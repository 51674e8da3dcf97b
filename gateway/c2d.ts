// Sends C2D over AMQP as the service SDK does (Microsoft Learn, "Send cloud-to-device messages
// from an IoT hub"; the REST send the emulator also serves is not public on Azure), with the
// official `azure-iothub` Client: one AMQP connection per gateway session, opened on first use.
// AMQP has no HTTP status, so the answer is put in the panel's terms: 204 when the hub accepted
// the message, else the status IoT Hub's REST API gives the same error, with the AMQP condition
// and description kept in the body (docs/gateway.md, "C2D over AMQP").

// CommonJS packages whose named exports Node's ESM loader cannot all detect: default imports.
import azureIotCommon from 'azure-iot-common';
import azureIothub from 'azure-iothub';

import type { HubAnswer } from './hub-rest.ts';

const { Message } = azureIotCommon;
const { Client } = azureIothub;
type Message = InstanceType<typeof Message>;

export type C2dInput = {
  body: string;
  messageId?: string;
  correlationId?: string;
  expiryTimeUtc?: string;
  contentType?: string;
  contentEncoding?: string;
  properties?: Record<string, string>;
};

/** The SDK's error classes (azure-iot-common `errors`) → IoT Hub's REST status and error code. */
const ERRORS: Record<string, [number, string]> = {
  UnauthorizedError: [401, 'IotHubUnauthorizedAccess'],
  DeviceNotFoundError: [404, 'DeviceNotFound'],
  DeviceMaximumQueueDepthExceededError: [403, 'DeviceMaximumQueueDepthExceeded'],
  IotHubQuotaExceededError: [403, 'IotHubQuotaExceeded'],
  MessageTooLargeError: [413, 'MessageTooLarge'],
  ArgumentError: [400, 'ArgumentInvalid'],
  ThrottlingError: [429, 'ThrottlingException'],
  ServiceUnavailableError: [503, 'ServerBusy'],
};

export class C2dSender {
  private readonly client: InstanceType<typeof Client>;
  private opened: Promise<unknown> | undefined;

  constructor(connectionString: string) {
    this.client = Client.fromConnectionString(connectionString);
  }

  async send(deviceId: string, input: C2dInput): Promise<HubAnswer> {
    const message = new Message(input.body);
    if (input.messageId) message.messageId = input.messageId;
    if (input.correlationId) message.correlationId = input.correlationId;
    if (input.expiryTimeUtc) message.expiryTimeUtc = new Date(input.expiryTimeUtc);
    if (input.contentType) message.contentType = input.contentType as Message['contentType'];
    if (input.contentEncoding)
      message.contentEncoding = input.contentEncoding as Message['contentEncoding'];
    for (const [k, v] of Object.entries(input.properties ?? {})) message.properties.add(k, v);
    try {
      // A failed open is forgotten, so the next send tries again (a key fixed, a network back).
      this.opened ??= this.client.open().catch((e: unknown) => {
        this.opened = undefined;
        throw e;
      });
      await this.opened;
      await this.client.send(deviceId, message);
      return { status: 204, headers: {}, body: Buffer.alloc(0) };
    } catch (e) {
      return c2dError(e);
    }
  }

  async close(): Promise<void> {
    if (this.opened) await this.client.close().catch(() => undefined);
  }
}

export function c2dError(e: unknown): HubAnswer {
  // The SDK wraps a failed open ("AMQP Transport: Could not connect") around the cause it got
  // (an UnauthorizedError from the $cbs put-token): the innermost known error names it.
  type Wrapped = Error & { amqpError?: Wrapped; condition?: string };
  let known: [number, string] | undefined;
  let condition: string | undefined;
  for (let error = e as Wrapped | undefined, depth = 0; error && depth < 4; depth++) {
    known ??= ERRORS[error.constructor?.name ?? ''];
    condition ??= error.condition;
    error = error.amqpError;
  }
  const [status, code] = known ?? [502, 'GatewayAmqpError'];
  const message = e instanceof Error ? e.message : String(e);
  const body = {
    Message: `ErrorCode:${code};${message}`,
    ...(condition ? { AmqpCondition: condition } : {}),
  };
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'iothub-errorcode': code },
    body: Buffer.from(JSON.stringify(body)),
  };
}

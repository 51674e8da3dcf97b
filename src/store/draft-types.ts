// What the user is typing, as typed (numbers stay strings until used, so "1e" or "" survives a
// tab switch). Defaults are the first thing a user sees in each form. Never a secret: the
// connection string stays in the connection pane's memory (see drafts-persist.ts).
import type { SendFormat } from '../iothub/decoders/send-formats.ts';

export type KeyValueDraft = { key: string; value: string };

/** How the body is typed and sent (iothub/decoders/send-formats.ts). */
export type BodyFormat = SendFormat;

export type TelemetryDraft = {
  body: string;
  format: BodyFormat;
  autoMessageId: boolean;
  messageId: string;
  correlationId: string;
  /** Used only when contentTypeSet; otherwise the content type follows the body format. */
  contentType: string;
  contentTypeSet: boolean;
  contentEncoding: string;
  contentEncodingSet: boolean;
  properties: KeyValueDraft[];
  repeatEveryMs: string;
  repeatUpTo: string;
};

export type RespondDraft = { status: string; payload: string };

/** `iothub-ack`: which delivery outcomes the sender wants as feedback (none is IoT Hub's default). */
export type C2dAck = 'none' | 'positive' | 'negative' | 'full';

export type HubC2dDraft = {
  body: string;
  format: BodyFormat;
  /** Used only when contentTypeSet; otherwise the content type follows the body format. */
  contentType: string;
  contentTypeSet: boolean;
  contentEncoding: string;
  contentEncodingSet: boolean;
  messageId: string;
  correlationId: string;
  userId: string;
  /** Expiry as a time to live from sending (minutes) or an absolute local time. */
  expiryMode: 'ttl' | 'absolute';
  expiryMin: string;
  /** `<input type="datetime-local">` value, local time. */
  expiryAt: string;
  ack: C2dAck;
  properties: KeyValueDraft[];
};

export type HubMethodDraft = {
  name: string;
  payload: string;
  responseTimeoutSec: string;
  connectTimeoutSec: string;
};

/** Drafts that belong to one identity (device, or device/module). */
export type ScopedDrafts = {
  telemetry: TelemetryDraft;
  reported: { text: string };
  respond: RespondDraft;
  hubC2d: HubC2dDraft;
  hubMethod: HubMethodDraft;
  hubDesired: { text: string };
};

export type DraftKind = keyof ScopedDrafts;

/** The connection pane's options: not secrets, and not tied to an identity. */
export type ConnectionDraft = {
  showAdvanced: boolean;
  sasLifetimeMin: string;
  modelId: string;
  keepAliveSec: string;
  willEnabled: boolean;
  willBody: string;
  willProperties: KeyValueDraft[];
  endpointOverride: string;
};

export const DEFAULT_DRAFTS: ScopedDrafts = {
  telemetry: {
    body: '{\n  "temperature": 21.5\n}',
    format: 'json',
    autoMessageId: true,
    messageId: '',
    correlationId: '',
    contentType: '',
    contentTypeSet: false,
    contentEncoding: '',
    contentEncodingSet: false,
    properties: [],
    repeatEveryMs: '1000',
    repeatUpTo: '10',
  },
  reported: { text: '{\n  "firmwareVersion": "1.0.0"\n}' },
  respond: { status: '200', payload: '{\n  "result": "ok"\n}' },
  hubC2d: {
    body: '{"command":"blink"}',
    format: 'json',
    contentType: '',
    contentTypeSet: false,
    contentEncoding: '',
    contentEncodingSet: false,
    messageId: '',
    correlationId: '',
    userId: '',
    expiryMode: 'ttl',
    expiryMin: '',
    expiryAt: '',
    ack: 'none',
    properties: [],
  },
  hubMethod: {
    name: 'reboot',
    payload: '{"delay":0}',
    responseTimeoutSec: '30',
    connectTimeoutSec: '0',
  },
  hubDesired: { text: '{\n  "telemetryInterval": 5\n}' },
};

export const DEFAULT_CONNECTION_DRAFT: ConnectionDraft = {
  showAdvanced: false,
  sasLifetimeMin: '60',
  modelId: '',
  keepAliveSec: '60',
  willEnabled: false,
  willBody: '{"status":"offline"}',
  willProperties: [],
  endpointOverride: '',
};

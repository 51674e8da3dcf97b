// What the user is typing, as typed (numbers stay strings until used, so "1e" or "" survives a
// tab switch). Defaults are the first thing a user sees in each form. Never a secret: the
// connection string stays in the connection pane's memory (see drafts-persist.ts).

export type KeyValueDraft = { key: string; value: string };

export type BodyFormat = 'json' | 'text';

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

export type HubC2dDraft = {
  body: string;
  messageId: string;
  expiryMin: string;
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
  hubC2d: { body: '{"command":"blink"}', messageId: '', expiryMin: '', properties: [] },
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

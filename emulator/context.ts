// What every emulator module shares: the store, the hub's name, a typed event bus and the log.

import { EventEmitter } from 'node:events';

import type { ConnectionEvent } from './store/connections-store.ts';
import type { StoredEvent } from './store/events-store.ts';
import type { Store } from './store/index.ts';
import type { Identity } from './store/registry-store.ts';

export type IdentityKey = string;

/** `deviceId` or `deviceId/moduleId`: the MQTT client id of an identity (spec §1.2). */
export const identityKey = (deviceId: string, moduleId?: string | null): IdentityKey =>
  moduleId ? `${deviceId}/${moduleId}` : deviceId;

export type HubEvents = {
  telemetry: [StoredEvent];
  connection: [ConnectionEvent];
  /** Desired properties changed through the service API: the patch as applied. */
  desired: [Identity, Record<string, unknown>];
  /** An identity was disabled, or deleted (then `deleted` is true). */
  revoked: [{ deviceId: string; moduleId?: string; deleted: boolean }];
  c2dEnqueued: [string];
  /** A C2D message reached an outcome its sender asked to hear about (iothub-ack). */
  c2dFeedback: [FeedbackRecord];
  /** A device notified a completed upload (Microsoft Learn, "Upload files with IoT Hub"). */
  fileUploaded: [FileNotification];
};

/** The body of a file upload notification (Microsoft Learn, "Upload files with IoT Hub",
 *  "File upload notifications"). */
export type FileNotification = {
  deviceId: string;
  blobUri: string;
  blobName: string;
  lastUpdatedTime: string;
  blobSizeInBytes: number;
  enqueuedTimeUtc: string;
};

/** One record of a C2D feedback batch (Microsoft Learn, "Understand cloud-to-device messaging
 *  from an IoT hub", "Message feedback"). */
export type FeedbackRecord = {
  originalMessageId: string;
  enqueuedTimeUtc: string;
  statusCode: 'Success' | 'Expired' | 'DeliveryCountExceeded' | 'Rejected' | 'Purged';
  description: string;
  deviceId: string;
  deviceGenerationId: string;
};

export type HubContext = {
  store: Store;
  hostName: string;
  bus: EventEmitter<HubEvents>;
  log: (line: string) => void;
};

export function createContext(
  store: Store,
  hostName: string,
  log: (line: string) => void,
): HubContext {
  const bus = new EventEmitter<HubEvents>();
  bus.setMaxListeners(0);
  return { store, hostName, bus, log };
}

// Connection pane state: status, SAS expiry, offline queue size, session log, identity in use.
import type { StateCreator } from 'zustand';

import type { ConnectionStatus, SasInfo } from '../device/session-types.ts';

import { appendCapped } from './append-capped.ts';

export type Identity = { hostName: string; deviceId: string; moduleId?: string; url: string };
export type LogEntry = { at: number; message: string };

export type ConnectionSlice = {
  connection: {
    status: ConnectionStatus;
    sas: SasInfo | undefined;
    queue: { size: number; limit: number };
    identity: Identity | undefined;
    log: LogEntry[];
  };
  setStatus: (status: ConnectionStatus) => void;
  /** The user changed what they connect with: an error from the last attempt no longer applies. */
  clearConnectionError: () => void;
  setSas: (sas: SasInfo | undefined) => void;
  setQueue: (queue: { size: number; limit: number }) => void;
  setIdentity: (identity: Identity | undefined) => void;
  appendLog: (entries: LogEntry[]) => void;
};

export const LOG_LIMIT = 500;

export const createConnectionSlice: StateCreator<ConnectionSlice, [], [], ConnectionSlice> = (
  set,
) => ({
  connection: {
    status: { state: 'disconnected' },
    sas: undefined,
    queue: { size: 0, limit: 0 },
    identity: undefined,
    log: [],
  },
  setStatus: (status) => set((s) => ({ connection: { ...s.connection, status } })),
  clearConnectionError: () =>
    set((s) =>
      s.connection.status.state === 'error'
        ? { connection: { ...s.connection, status: { state: 'disconnected' } } }
        : s,
    ),
  setSas: (sas) => set((s) => ({ connection: { ...s.connection, sas } })),
  setQueue: (queue) => set((s) => ({ connection: { ...s.connection, queue } })),
  setIdentity: (identity) => set((s) => ({ connection: { ...s.connection, identity } })),
  appendLog: (entries) =>
    set((s) => ({
      connection: { ...s.connection, log: appendCapped(s.connection.log, entries, LOG_LIMIT).list },
    })),
});

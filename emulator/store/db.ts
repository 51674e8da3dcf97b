// The one place that opens SQLite (better-sqlite3 12, WAL). Every table the emulator keeps is
// created here; the per-table modules next to this file hold the prepared statements.

import { join } from 'node:path';

import Database from 'better-sqlite3';

import { ownerOnlyFile } from './data-dir-lock.ts';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS policies (
  name TEXT PRIMARY KEY, primary_key TEXT NOT NULL, secondary_key TEXT NOT NULL, rights TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identities (
  device_id TEXT NOT NULL, module_id TEXT NOT NULL DEFAULT '',
  record TEXT NOT NULL, twin TEXT NOT NULL,
  PRIMARY KEY (device_id, module_id));
CREATE TABLE IF NOT EXISTS subscriptions (
  client_id TEXT NOT NULL, topic TEXT NOT NULL, qos INTEGER NOT NULL,
  PRIMARY KEY (client_id, topic));
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, module_id TEXT,
  enqueued_ms INTEGER NOT NULL, body BLOB NOT NULL, properties TEXT NOT NULL, system TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_device ON events (device_id, seq);
CREATE INDEX IF NOT EXISTS events_time ON events (enqueued_ms);
CREATE TABLE IF NOT EXISTS c2d (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, body BLOB NOT NULL,
  system TEXT NOT NULL, properties TEXT NOT NULL, enqueued_ms INTEGER NOT NULL,
  expiry_ms INTEGER NOT NULL, delivery_count INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS c2d_device ON c2d (device_id, seq);
CREATE TABLE IF NOT EXISTS consumer_groups (name TEXT PRIMARY KEY COLLATE NOCASE, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS connections (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL, device_id TEXT, module_id TEXT,
  client_id TEXT, event TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT, remote TEXT, transport TEXT);
CREATE TABLE IF NOT EXISTS ca_certificates (
  name TEXT PRIMARY KEY COLLATE NOCASE, pem TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dps_enrollments (
  kind TEXT NOT NULL, id TEXT NOT NULL COLLATE NOCASE, doc TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS dps_registrations (
  registration_id TEXT PRIMARY KEY COLLATE NOCASE, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, job TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS device_jobs (
  job_id TEXT NOT NULL, device_id TEXT NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY (job_id, device_id));
`;

/** Opens (creating when needed) the hub database; `dataDir` undefined means in memory. The
 *  directory exists and is locked already (store/index.ts); the file is owner-only: it holds
 *  every key of the hub. */
export function openDatabase(dataDir: string | undefined): Db {
  let db: Db;
  if (dataDir === undefined) {
    db = new Database(':memory:');
  } else {
    const file = join(dataDir, 'hub.sqlite');
    ownerOnlyFile(file);
    db = new Database(file);
    // WAL: readers never block the writer; NORMAL sync is durable across process crashes.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return db;
}

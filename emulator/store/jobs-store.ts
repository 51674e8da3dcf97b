// Jobs v2 and their per-device records (what `SELECT * FROM devices.jobs` reads), as JSON rows.

import type { Db } from './db.ts';

export type JobStatus = 'queued' | 'scheduled' | 'running' | 'completed' | 'failed' | 'cancelled';
export type DeviceJobStatus =
  'pending' | 'scheduled' | 'running' | 'completed' | 'failed' | 'canceled';

/** A job as the REST API answers it (Microsoft Learn, REST "Service - Get Job", JobResponse). */
export type Job = {
  jobId: string;
  type: 'scheduleUpdateTwin' | 'scheduleDeviceMethod';
  queryCondition: string;
  createdTime: string;
  startTime: string;
  endTime?: string;
  maxExecutionTimeInSeconds: number;
  updateTwin?: Record<string, unknown>;
  cloudToDeviceMethod?: Record<string, unknown>;
  status: JobStatus;
  failureReason?: string;
  statusMessage?: string;
  deviceJobStatistics: {
    deviceCount: number;
    failedCount: number;
    succeededCount: number;
    runningCount: number;
    pendingCount: number;
  };
};

/** One device's part in a job (Microsoft Learn, "Queries for IoT Hub jobs"). */
export type DeviceJob = {
  deviceId: string;
  jobId: string;
  jobType: Job['type'];
  status: DeviceJobStatus;
  startTimeUtc: string;
  endTimeUtc?: string;
  createdDateTimeUtc: string;
  lastUpdatedDateTimeUtc: string;
  outcome?: { deviceMethodResponse: { status: number; payload: unknown } | null };
  error?: { code: string; description: string };
};

export function createJobsStore(db: Db) {
  const put = db.prepare(
    'INSERT INTO jobs (job_id, created_ms, job) VALUES (?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET job = excluded.job',
  );
  const get = db.prepare<[string], { job: string }>('SELECT job FROM jobs WHERE job_id = ?');
  const all = db.prepare<[], { job: string }>('SELECT job FROM jobs ORDER BY created_ms, job_id');
  const putDevice = db.prepare(
    'INSERT INTO device_jobs (job_id, device_id, record) VALUES (?, ?, ?) ON CONFLICT (job_id, device_id) DO UPDATE SET record = excluded.record',
  );
  const devicesOf = db.prepare<[string], { record: string }>(
    'SELECT record FROM device_jobs WHERE job_id = ? ORDER BY device_id',
  );
  const allDevices = db.prepare<[], { record: string }>(
    'SELECT record FROM device_jobs ORDER BY job_id, device_id',
  );
  return {
    save(job: Job, createdMs: number): void {
      put.run(job.jobId, createdMs, JSON.stringify(job));
    },
    get(jobId: string): Job | undefined {
      const row = get.get(jobId);
      return row ? (JSON.parse(row.job) as Job) : undefined;
    },
    all: (): Job[] => all.all().map((r) => JSON.parse(r.job) as Job),
    saveDevice(record: DeviceJob): void {
      putDevice.run(record.jobId, record.deviceId, JSON.stringify(record));
    },
    devicesOf: (jobId: string): DeviceJob[] =>
      devicesOf.all(jobId).map((r) => JSON.parse(r.record) as DeviceJob),
    allDevices: (): DeviceJob[] => allDevices.all().map((r) => JSON.parse(r.record) as DeviceJob),
  };
}

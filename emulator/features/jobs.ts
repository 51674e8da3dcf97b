// Jobs v2 (Microsoft Learn, "Schedule jobs on multiple devices" (iot-hub-devguide-jobs) and the
// REST reference "Service - Create Job / Get Job / Cancel Job / Query Jobs"): a twin update or a
// direct method on every device a query condition selects, from a start time, on the hub's clock.
// A job answers `queued` when created (even for a later start: azure-iot-sdk-node
// e2etests/test/job_client.js asserts it), `running` from its start, then `completed` (per-device
// outcomes in its statistics and in `SELECT * FROM devices.jobs`) or `cancelled`. Jobs and their
// device records are kept in SQLite and re-armed when the hub starts again.

import type { TwinCollection } from '../../src/iothub/twin.ts';
import type { HubContext } from '../context.ts';
import { documentsOf } from '../query/documents.ts';
import { parseQuery, type Query } from '../query/parse.ts';
import { evaluate } from '../query/run.ts';
import { checkPatch, RegistryError, updateServiceTwin } from '../registry.ts';
import type { Sessions } from '../sessions.ts';
import type { DeviceJob, Job } from '../store/jobs-store.ts';
import { hubTime, type Clock } from '../time.ts';

import type { MethodsFeature } from './methods.ts';

const TYPES = ['scheduleUpdateTwin', 'scheduleDeviceMethod'] as const;
/** azure-iothub's JobClient default (job_client.ts defaultMaxExecutionTimeInSeconds). */
const DEFAULT_MAX_SECONDS = 3600;
const DEFAULT_METHOD_TIMEOUT = 30;

const invalid = (message: string) => new RegistryError('ArgumentInvalid', message);

function asObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${name} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function conditionQuery(condition: string): Query {
  // The condition is a WHERE clause over device twins (REST "Create Job": queryCondition).
  return parseQuery(`SELECT * FROM devices WHERE ${condition}`);
}

/** Checks a PUT body and turns it into a new job record (status `queued`). */
function newJob(jobId: string, body: unknown, now: number): Job {
  const b = asObject(body, 'The job');
  if (b.jobId !== undefined && b.jobId !== jobId)
    throw invalid(`The body's jobId '${String(b.jobId)}' differs from the path's '${jobId}'.`);
  const type = b.type;
  if (!TYPES.includes(type as (typeof TYPES)[number]))
    throw invalid(
      `type must be one of ${TYPES.join(', ')}; import and export jobs are not emulated.`,
    );
  if (typeof b.queryCondition !== 'string' || b.queryCondition.trim() === '')
    throw invalid('queryCondition must be a WHERE condition such as "deviceId = \'d1\'".');
  conditionQuery(b.queryCondition);
  let start = now;
  if (b.startTime !== undefined && b.startTime !== null) {
    start = typeof b.startTime === 'string' ? Date.parse(b.startTime) : NaN;
    if (Number.isNaN(start)) throw invalid('startTime must be an ISO 8601 date and time.');
  }
  const max = b.maxExecutionTimeInSeconds ?? DEFAULT_MAX_SECONDS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1)
    throw invalid('maxExecutionTimeInSeconds must be a positive whole number.');
  const job: Job = {
    jobId,
    type: type as Job['type'],
    queryCondition: b.queryCondition,
    createdTime: hubTime(now),
    startTime: hubTime(start),
    maxExecutionTimeInSeconds: max,
    status: 'queued',
    deviceJobStatistics: {
      deviceCount: 0,
      failedCount: 0,
      succeededCount: 0,
      runningCount: 0,
      pendingCount: 0,
    },
  };
  if (type === 'scheduleUpdateTwin') {
    const twin = asObject(b.updateTwin, 'updateTwin');
    const props = twin.properties === undefined ? {} : asObject(twin.properties, 'properties');
    // `etag` ('*') and an empty `properties.reported` are what JobClient's callers send
    // (azure-iot-sdk-node e2etests/test/job_client.js); reported is the device's alone.
    if (props.reported !== undefined && Object.keys(asObject(props.reported, 'reported')).length)
      throw invalid('Reported properties can only be changed by the device.');
    job.updateTwin = {
      ...(twin.tags !== undefined ? { tags: checkPatch(twin.tags, 'tags') } : {}),
      ...(props.desired !== undefined
        ? { properties: { desired: checkPatch(props.desired, 'desired') } }
        : {}),
    };
  } else {
    const m = asObject(b.cloudToDeviceMethod, 'cloudToDeviceMethod');
    if (typeof m.methodName !== 'string' || m.methodName === '')
      throw invalid('cloudToDeviceMethod.methodName must be a method name.');
    const seconds = (v: unknown, fallback: number, name: string): number => {
      if (v === undefined || v === null) return fallback;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 300)
        throw invalid(`cloudToDeviceMethod.${name} must be 0 to 300 seconds.`);
      return v;
    };
    job.cloudToDeviceMethod = {
      methodName: m.methodName,
      payload: m.payload ?? null,
      responseTimeoutInSeconds: seconds(
        m.responseTimeoutInSeconds,
        DEFAULT_METHOD_TIMEOUT,
        'responseTimeoutInSeconds',
      ),
      connectTimeoutInSeconds: seconds(m.connectTimeoutInSeconds, 0, 'connectTimeoutInSeconds'),
    };
  }
  return job;
}

export function createJobsFeature(
  ctx: HubContext,
  sessions: Sessions,
  methods: MethodsFeature,
  clock: Clock,
) {
  const timers = new Map<string, () => void>();
  const store = ctx.store.jobs;
  let closed = false;

  const save = (job: Job) => {
    if (!closed) store.save(job, Date.parse(job.createdTime));
  };

  function arm(jobId: string, at: number, fn: () => void): void {
    timers.get(jobId)?.();
    timers.set(
      jobId,
      clock.setTimer(at - clock.now(), () => {
        timers.delete(jobId);
        fn();
      }),
    );
  }

  function recount(job: Job): void {
    const records = store.devicesOf(job.jobId);
    const count = (s: DeviceJob['status'][]) => records.filter((r) => s.includes(r.status)).length;
    job.deviceJobStatistics = {
      deviceCount: records.length,
      failedCount: count(['failed', 'canceled']),
      succeededCount: count(['completed']),
      runningCount: count(['running']),
      pendingCount: count(['pending', 'scheduled']),
    };
  }

  function finishIfDone(jobId: string): void {
    const job = store.get(jobId);
    if (!job || job.status !== 'running') return;
    recount(job);
    const s = job.deviceJobStatistics;
    if (s.runningCount + s.pendingCount > 0) return save(job);
    job.status = 'completed';
    job.endTime = hubTime(clock.now());
    timers.get(jobId)?.();
    timers.delete(jobId);
    save(job);
  }

  function settle(record: DeviceJob, outcome: Partial<DeviceJob>): void {
    const job = store.get(record.jobId);
    if (closed || !job || job.status !== 'running') return; // cancelled or timed out meanwhile
    const stamp = hubTime(clock.now());
    store.saveDevice({ ...record, ...outcome, endTimeUtc: stamp, lastUpdatedDateTimeUtc: stamp });
    finishIfDone(record.jobId);
  }

  async function runDevice(job: Job, record: DeviceJob): Promise<void> {
    const identity = ctx.store.registry.get(record.deviceId);
    if (!identity) {
      settle(record, {
        status: 'failed',
        error: { code: 'DeviceNotFound', description: 'The device was deleted.' },
      });
      return;
    }
    try {
      if (job.type === 'scheduleUpdateTwin') {
        const u = job.updateTwin as {
          tags?: TwinCollection;
          properties?: { desired?: TwinCollection };
        };
        updateServiceTwin(
          ctx,
          identity,
          {
            ...(u.tags !== undefined ? { tags: u.tags } : {}),
            ...(u.properties?.desired !== undefined ? { desired: u.properties.desired } : {}),
          },
          'merge',
        );
        settle(record, { status: 'completed', outcome: { deviceMethodResponse: null } });
      } else {
        const m = job.cloudToDeviceMethod as {
          methodName: string;
          payload: unknown;
          responseTimeoutInSeconds: number;
          connectTimeoutInSeconds: number;
        };
        const result = await methods.invoke({
          deviceId: record.deviceId,
          methodName: m.methodName,
          payload: m.payload,
          responseTimeoutInSeconds: m.responseTimeoutInSeconds,
          connectTimeoutInSeconds: m.connectTimeoutInSeconds,
        });
        settle(record, { status: 'completed', outcome: { deviceMethodResponse: result } });
      }
    } catch (e) {
      const code = e instanceof RegistryError ? e.hubError : 'ServerError';
      settle(record, {
        status: 'failed',
        error: { code, description: e instanceof Error ? e.message : String(e) },
      });
    }
  }

  /** Start: select the devices once (devices registered later are not part of the job). */
  function start(jobId: string): void {
    const job = store.get(jobId);
    if (closed || !job || job.status !== 'queued') return;
    const now = clock.now();
    const stamp = hubTime(now);
    job.status = 'running';
    const targets = evaluate(
      conditionQuery(job.queryCondition),
      documentsOf(ctx, sessions, 'devices'),
    );
    const records = targets.map((t): DeviceJob => ({
      deviceId: String(t.deviceId),
      jobId,
      jobType: job.type,
      status: 'running',
      startTimeUtc: stamp,
      createdDateTimeUtc: stamp,
      lastUpdatedDateTimeUtc: stamp,
    }));
    ctx.store.transaction(() => {
      for (const r of records) store.saveDevice(r);
      recount(job);
      save(job);
    });
    arm(jobId, Date.parse(job.startTime) + job.maxExecutionTimeInSeconds * 1000, () =>
      expire(jobId),
    );
    for (const r of records) void runDevice(job, r);
    finishIfDone(jobId);
  }

  /** maxExecutionTimeInSeconds passed: devices still running fail, the job ends. */
  function expire(jobId: string): void {
    const job = store.get(jobId);
    if (!job || job.status !== 'running') return;
    const stamp = hubTime(clock.now());
    for (const r of store.devicesOf(jobId)) {
      if (r.status !== 'running' && r.status !== 'pending') continue;
      store.saveDevice({
        ...r,
        status: 'failed',
        endTimeUtc: stamp,
        lastUpdatedDateTimeUtc: stamp,
        error: {
          code: 'JobRunTimeout',
          description: `The job's maxExecutionTimeInSeconds (${job.maxExecutionTimeInSeconds}) passed first.`,
        },
      });
    }
    recount(job);
    job.status = 'completed';
    job.statusMessage = 'maxExecutionTimeInSeconds elapsed before every device finished.';
    job.endTime = stamp;
    save(job);
  }

  function schedule(job: Job): void {
    if (job.status === 'queued') arm(job.jobId, Date.parse(job.startTime), () => start(job.jobId));
    if (job.status === 'running') {
      // The hub stopped while the job ran: what was under way is lost; it ends at its deadline.
      arm(job.jobId, Date.parse(job.startTime) + job.maxExecutionTimeInSeconds * 1000, () =>
        expire(job.jobId),
      );
    }
  }
  for (const job of store.all()) schedule(job);

  return {
    create(jobId: string, body: unknown): Job {
      if (store.get(jobId))
        throw invalid(`A job with ID '${jobId}' already exists; job IDs are not reused.`);
      const job = newJob(jobId, body, clock.now());
      save(job);
      schedule(job);
      return job;
    },
    get(jobId: string): Job {
      const job = store.get(jobId);
      if (!job) throw new RegistryError('JobNotFound', `No job with ID '${jobId}'.`);
      return job;
    },
    /** Cancels a queued or running job; one that already ended is answered as it is. */
    cancel(jobId: string): Job {
      const job = this.get(jobId);
      if (job.status !== 'queued' && job.status !== 'running') return job;
      timers.get(jobId)?.();
      timers.delete(jobId);
      const stamp = hubTime(clock.now());
      for (const r of store.devicesOf(jobId)) {
        if (r.status === 'running' || r.status === 'pending')
          store.saveDevice({ ...r, status: 'canceled', lastUpdatedDateTimeUtc: stamp });
      }
      recount(job);
      job.status = 'cancelled';
      job.endTime = stamp;
      save(job);
      return job;
    },
    list: (): Job[] => store.all(),
    close(): void {
      closed = true;
      for (const cancel of timers.values()) cancel();
      timers.clear();
    },
  };
}

export type JobsFeature = ReturnType<typeof createJobsFeature>;

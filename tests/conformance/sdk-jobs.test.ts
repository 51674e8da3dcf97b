// azure-iothub's JobClient, unchanged, against the emulator's jobs v2 (Microsoft Learn, "Schedule
// jobs on multiple devices"): twin updates and direct methods on a query condition, get, cancel,
// query with type and status filters, and the per-device records of `SELECT * FROM devices.jobs`.
// The hub runs on a manual clock, so a job an hour ahead runs when the test moves the clock; start
// times are taken from that clock.
import { describe, expect, test } from 'vitest';

import { manualClock } from '../../emulator/test/manual-clock.ts';

import { waitFor, within } from './helpers.ts';
import { Mqtt, openDevice, tlsHubSuite, withMqttsGateway } from './sdk.ts';

const clock = manualClock();
const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0, clock });
const HOUR = 3600_000;

type JobStatus = { jobId: string; status: string; deviceJobStatistics: Record<string, number> };

async function jobStatus(jobId: string): Promise<JobStatus> {
  const { jobStatus } = await within('getJob', suite.service.jobs.getJob(jobId));
  return jobStatus as JobStatus;
}

const waitForStatus = (jobId: string, status: string) =>
  waitFor(`job ${jobId} ${status}`, async () => {
    const job = await jobStatus(jobId);
    return job.status === status ? job : undefined;
  });

/** Fires the timers due now; resolves with the statistics of the job once it completed. */
async function runNow(jobId: string): Promise<Record<string, number>> {
  clock.advance(0);
  return (await waitForStatus(jobId, 'completed')).deviceJobStatistics;
}

/** The device job records of one job, through Registry.createQuery (`devices.jobs`). */
async function deviceJobs(jobId: string): Promise<Record<string, unknown>[]> {
  const query = suite.service.registry.createQuery(
    `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'`,
  );
  const { result } = await within('query devices.jobs', query.next());
  return result as Record<string, unknown>[];
}

/** JobClient.schedule* on one device, `deviceId` selecting it as azure-iot-sdk-node's e2e tests do. */
const condition = (deviceId: string) => `deviceId = '${deviceId}'`;
const scheduleTwin = (jobId: string, deviceId: string, patch: object, start: Date, max: number) =>
  within(
    'scheduleTwinUpdate',
    suite.service.jobs.scheduleTwinUpdate(jobId, condition(deviceId), patch, start, max),
  );
const scheduleMethod = (
  jobId: string,
  deviceId: string,
  method: { methodName: string; payload?: unknown; responseTimeoutInSeconds?: number },
  start: Date,
  max: number,
) =>
  within(
    'scheduleDeviceMethod',
    suite.service.jobs.scheduleDeviceMethod(jobId, condition(deviceId), method, start, max),
  );

const uniqueJobId = () => `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

describe('JobClient', () => {
  test('scheduleTwinUpdate runs now on the devices its condition selects', async () => {
    const { deviceId } = await suite.rest.createDevice(suite.hub, 'job-twin');
    const { deviceId: other } = await suite.rest.createDevice(suite.hub, 'job-twin');
    const jobId = uniqueJobId();
    // The patch exactly as azure-iot-sdk-node's e2etests/test/job_client.js sends it.
    const patch = {
      etag: '*',
      tags: { key: 'value2' },
      properties: { desired: { fw: '2.0' }, reported: {} },
    };
    const { jobStatus: created } = await scheduleTwin(
      jobId,
      deviceId,
      patch,
      new Date(clock.now()),
      120,
    );
    expect(created).toMatchObject({ jobId, status: 'queued', type: 'scheduleUpdateTwin' });
    expect(await runNow(jobId)).toMatchObject({
      deviceCount: 1,
      succeededCount: 1,
      failedCount: 0,
    });
    const { responseBody: twin } = await suite.service.registry.getTwin(deviceId);
    expect(twin.tags).toEqual({ key: 'value2' });
    expect(twin.properties.desired.fw).toBe('2.0');
    const { responseBody: untouched } = await suite.service.registry.getTwin(other);
    expect(untouched.tags).toEqual({});
    expect(await deviceJobs(jobId)).toEqual([
      expect.objectContaining({
        deviceId,
        jobId,
        jobType: 'scheduleUpdateTwin',
        status: 'completed',
      }),
    ]);
  });

  test('scheduleDeviceMethod an hour ahead waits for the clock, then calls the device', async () => {
    const { deviceId, connectionString } = await suite.rest.createDevice(suite.hub, 'job-method');
    const device = await openDevice(suite.hub, withMqttsGateway(suite.hub, connectionString), Mqtt);
    suite.openClients.push(device);
    const calls: unknown[] = [];
    device.onDeviceMethod('reboot', (request, response) => {
      calls.push(request.payload);
      void response.send(200, { rebooted: true });
    });
    await waitFor('method subscription', async () => {
      const twin = await suite.rest.json<{ connectionState: string }>('GET', `/twins/${deviceId}`);
      return twin.connectionState === 'Connected' ? true : undefined;
    });
    // onDeviceMethod subscribes asynchronously; a direct call proves the subscription is there.
    await waitFor('device answers methods', async () => {
      const r = await suite.service.client
        .invokeDeviceMethod(deviceId, { methodName: 'reboot', payload: 'probe' })
        .catch(() => undefined);
      return r ? true : undefined;
    });
    calls.length = 0;
    const jobId = uniqueJobId();
    const method = { methodName: 'reboot', payload: { delay: 5 }, responseTimeoutInSeconds: 10 };
    const start = new Date(clock.now() + HOUR);
    const { jobStatus: created } = await scheduleMethod(jobId, deviceId, method, start, 600);
    expect(created).toMatchObject({ status: 'queued', type: 'scheduleDeviceMethod' });
    clock.advance(HOUR - 1000);
    expect((await jobStatus(jobId)).status).toBe('queued');
    expect(calls).toEqual([]);
    clock.advance(1000);
    await waitForStatus(jobId, 'completed');
    expect(calls).toEqual([{ delay: 5 }]);
    expect(await deviceJobs(jobId)).toEqual([
      expect.objectContaining({
        deviceId,
        status: 'completed',
        outcome: { deviceMethodResponse: { status: 200, payload: { rebooted: true } } },
      }),
    ]);
  });

  test('a method job on an offline device records the failure per device', async () => {
    const { deviceId } = await suite.rest.createDevice(suite.hub, 'job-offline');
    const jobId = uniqueJobId();
    await scheduleMethod(jobId, deviceId, { methodName: 'reboot' }, new Date(clock.now()), 60);
    expect(await runNow(jobId)).toMatchObject({
      deviceCount: 1,
      succeededCount: 0,
      failedCount: 1,
    });
    expect(await deviceJobs(jobId)).toEqual([
      expect.objectContaining({
        status: 'failed',
        error: expect.objectContaining({ code: 'DeviceNotOnline' }),
      }),
    ]);
  });

  test('cancelJob stops a scheduled job, and createQuery filters by type and status', async () => {
    const { deviceId } = await suite.rest.createDevice(suite.hub, 'job-cancel');
    const jobId = uniqueJobId();
    const patch = { etag: '*', tags: { never: true }, properties: { desired: {}, reported: {} } };
    await scheduleTwin(jobId, deviceId, patch, new Date(clock.now() + HOUR), 120);
    const { jobStatus: cancelled } = await within('cancelJob', suite.service.jobs.cancelJob(jobId));
    expect(cancelled).toMatchObject({ jobId, status: 'cancelled' });
    clock.advance(2 * HOUR);
    expect((await jobStatus(jobId)).status).toBe('cancelled');
    const { responseBody: twin } = await suite.service.registry.getTwin(deviceId);
    expect(twin.tags).toEqual({});

    type QueryArgs = Parameters<typeof suite.service.jobs.createQuery>;
    const ids = async (type?: QueryArgs[0], status?: string) => {
      // The SDK's JobStatus type lists 'finished'; the hub (and its e2e tests) say 'completed'.
      const query = suite.service.jobs.createQuery(type, status as QueryArgs[1], 1);
      const found: string[] = [];
      // pageSize 1: every page but the last carries a continuation token.
      while (query.hasMoreResults) {
        // next() without an argument reads no token (azure-iothub query.ts: the token argument
        // wins even when undefined), so the promise form passes the query's own.
        const { result } = await within('job query page', query.next(query.continuationToken));
        found.push(...(result as { jobId: string }[]).map((j) => j.jobId));
      }
      return found;
    };
    expect(await ids('scheduleUpdateTwin', 'cancelled')).toContain(jobId);
    expect(await ids('scheduleDeviceMethod', 'cancelled')).not.toContain(jobId);
    expect(await ids(undefined, 'completed')).not.toContain(jobId);
  });

  test('getJob of an unknown job is 404 JobNotFound', async () => {
    const error: unknown = await suite.service.jobs.getJob('no-such-job').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { response?: { statusCode?: number } }).response?.statusCode).toBe(404);
    expect(String((error as { responseBody?: string }).responseBody)).toContain('JobNotFound');
  });
});

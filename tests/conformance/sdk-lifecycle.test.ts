// A whole device lifecycle against the emulator through the official SDKs, unchanged (issue 11,
// "Tests"): a DPS enrollment group with a symmetric key, a device provisioned with the key derived
// from it, connected over Mqtt, reading the initial twin the group set, uploading a file into
// Azurite, and answering the direct method of a job azure-iothub's JobClient scheduled; the job's
// per-device record is checked last. The device side runs in fixtures/lifecycle-device.mjs (the
// provisioning SDKs and the blob client trust the hub's CA only through NODE_EXTRA_CA_CERTS); the
// service side here. Every listener is on an ephemeral port, so this file binds no fixed port.
// The hub runs on a manual clock: the job starts when the test moves it (as sdk-jobs.test.ts).
import { createHmac } from 'node:crypto';
import { once } from 'node:events';

import { expect, test } from 'vitest';

import { manualClock } from '../../emulator/test/manual-clock.ts';

import { fixtureProcess, type FixtureLine, uniqueId, waitFor, within } from './helpers.ts';
import { tlsHubSuite } from './sdk.ts';

const clock = manualClock();
const suite = tlsHubSuite({ mqttsPort: 0, httpsPort: 0, clock });

/** Waits for the device to report `name`; fails at once on its 'error' line. */
const deviceStep = (lines: FixtureLine[], name: string, timeoutMs = 20_000) =>
  waitFor(
    `the device to report '${name}'`,
    () => {
      const error = lines.find((l) => l.step === 'error');
      if (error) throw new Error(`device failed: ${String(error.message)}`);
      return lines.find((l) => l.step === name);
    },
    timeoutMs,
  );

test(
  'enroll a group, provision with a derived key, connect, read the initial twin, upload a file, run a scheduled method job',
  { timeout: 45_000 },
  async () => {
    const groupId = uniqueId('life-group');
    const key = () => Buffer.from(uniqueId('k').padEnd(32, 'x')).toString('base64');
    const groupKey = key();
    const registrationId = uniqueId('life');
    // Learn, "Symmetric key attestation" (group enrollments): the device key is HMAC-SHA256 over
    // the registration ID with the group key.
    const deviceKey = createHmac('sha256', Buffer.from(groupKey, 'base64'))
      .update(registrationId)
      .digest('base64');
    const text = `lifecycle log ${Date.now()}`;
    const plan = {
      serviceConnectionString: suite.hub.ownerConnectionString,
      httpsPort: suite.hub.ports.https,
      mqttsPort: suite.hub.ports.mqtts,
      idScope: suite.hub.dps.idScope,
      groupId,
      groupKey,
      groupSecondaryKey: key(),
      registrationId,
      deviceKey,
      initialTwin: { tags: { site: 'lab' }, properties: { desired: { interval: 15 } } },
      blobName: 'logs/boot.txt',
      text,
    };
    const { lines, child } = fixtureProcess(
      'lifecycle-device.mjs',
      [JSON.stringify(plan)],
      suite.hub.caPath,
    );
    try {
      expect(await deviceStep(lines, 'enrolled')).toMatchObject({ enrollmentGroupId: groupId });
      expect(await deviceStep(lines, 'provisioned')).toMatchObject({
        registrationId,
        assignedHub: 'localhost',
        deviceId: registrationId,
        status: 'assigned',
        substatus: 'initialAssignment',
      });
      // The hub registered the device with the derived key, and the group's initial twin.
      const { responseBody: registered } = await suite.service.registry.get(registrationId);
      expect(registered.authentication?.symmetricKey?.primaryKey).toBe(deviceKey);
      const { responseBody: serviceTwin } = await suite.service.registry.getTwin(registrationId);
      expect(serviceTwin.tags).toEqual({ site: 'lab' });

      await deviceStep(lines, 'connected');
      const twin = await deviceStep(lines, 'twin');
      expect((twin.desired as Record<string, unknown>).interval).toBe(15);

      expect((await deviceStep(lines, 'uploaded')).size).toBe(Buffer.byteLength(text));
      expect(await deviceStep(lines, 'read-back')).toMatchObject({
        blobName: `${registrationId}/logs/boot.txt`,
        readBack: `200 ${text}`,
      });

      await deviceStep(lines, 'listening');
      // onDeviceMethod subscribes asynchronously; a direct call proves the subscription is there.
      await waitFor('the device to answer methods', async () => {
        const answer = await suite.service.client
          .invokeDeviceMethod(registrationId, { methodName: 'reboot', payload: 'probe' })
          .catch(() => undefined);
        return answer ? true : undefined;
      });
      const jobId = uniqueId('life-job');
      const { jobStatus: created } = await within(
        'scheduleDeviceMethod',
        suite.service.jobs.scheduleDeviceMethod(
          jobId,
          `deviceId = '${registrationId}'`,
          { methodName: 'reboot', payload: { delay: 5 }, responseTimeoutInSeconds: 10 },
          new Date(clock.now()),
          120,
        ),
      );
      expect(created).toMatchObject({ jobId, status: 'queued', type: 'scheduleDeviceMethod' });
      clock.advance(0);
      const done = await waitFor(`job ${jobId} completed`, async () => {
        const { jobStatus } = await within('getJob', suite.service.jobs.getJob(jobId));
        return (jobStatus as { status: string }).status === 'completed' ? jobStatus : undefined;
      });
      expect(done).toMatchObject({
        deviceJobStatistics: { deviceCount: 1, succeededCount: 1, failedCount: 0 },
      });
      // The device prints the call before it answers, but its stdout and the job's HTTP reads
      // are two channels: wait for the line rather than assume their order.
      const jobCalls = () =>
        lines.filter((l) => l.step === 'method' && l.payload !== 'probe').map((l) => l.payload);
      await waitFor("the job's call in the device", () => (jobCalls().length ? true : undefined));
      expect(jobCalls()).toEqual([{ delay: 5 }]);
      const query = suite.service.registry.createQuery(
        `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'`,
      );
      const { result } = await within('query devices.jobs', query.next());
      expect(result).toEqual([
        expect.objectContaining({
          deviceId: registrationId,
          jobId,
          jobType: 'scheduleDeviceMethod',
          status: 'completed',
          outcome: { deviceMethodResponse: { status: 200, payload: { rebooted: true } } },
        }),
      ]);
    } finally {
      child.stdin?.end();
      if (child.exitCode === null) await within('the device to exit', once(child, 'exit'));
    }
  },
);

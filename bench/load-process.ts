// The load generator, run in its own process (fork from bench/run.ts) so the broker under test
// gets a core of its own and client-side cost does not count against it. It takes one job over
// IPC, answers with the result and exits.

import mqtt, { type MqttClient } from 'mqtt';

import { telemetryTopic, twinReportedTopic } from '../src/iothub/topics.ts';

import type {
  DeviceCredentials,
  IngestJob,
  IngestResult,
  Job,
  LatencySummary,
  Reply,
  TwinJob,
  TwinResult,
} from './protocol.ts';
import { percentile } from './stats.ts';

function connect(url: string, d: DeviceCredentials): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId: d.clientId,
    username: d.username,
    password: d.password,
    protocolVersion: 4,
    clean: false, // as the Azure SDKs connect (spec §1.9)
    keepalive: 180,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error(`${d.clientId}: connection closed`)));
  });
}

const endAll = (clients: MqttClient[]) =>
  Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));

/** A JSON body of exactly `bytes` bytes (ASCII). */
function body(bytes: number, seq: number): Buffer {
  const head = `{"seq":${seq},"temperature":21.5,"pad":"`;
  const pad = Math.max(0, bytes - head.length - 2);
  return Buffer.from(`${head}${'x'.repeat(pad)}"}`);
}

function summarize(samples: number[]): LatencySummary {
  return {
    count: samples.length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
  };
}

async function ingest(job: IngestJob): Promise<IngestResult> {
  const clients = await Promise.all(job.devices.map((d) => connect(job.url, d)));
  const latencies: number[] = [];
  let acked = 0;
  let cappedByTime = false;
  const start = performance.now();
  const deadline = start + job.capMs;
  let lastAck = start;
  try {
    await Promise.all(
      clients.map(
        (client, i) =>
          new Promise<void>((resolve, reject) => {
            const device = job.devices[i] as DeviceCredentials;
            // The property bag a typical SDK message carries (spec §3.1).
            const topic = telemetryTopic(
              { deviceId: device.deviceId },
              {
                system: { contentType: 'application/json', contentEncoding: 'utf-8' },
                application: { source: 'bench', alert: 'false' },
              },
            );
            let sent = 0;
            let inFlight = 0;
            const next = () => {
              while (inFlight < job.window && sent < job.messagesPerDevice) {
                if (performance.now() > deadline) {
                  cappedByTime = true;
                  break;
                }
                const t0 = performance.now();
                const payload = body(job.payloadBytes, sent);
                sent += 1;
                inFlight += 1;
                client.publish(topic, payload, { qos: 1 }, (error) => {
                  if (error) {
                    reject(error);
                    return;
                  }
                  lastAck = performance.now();
                  latencies.push(lastAck - t0);
                  acked += 1;
                  inFlight -= 1;
                  if (inFlight === 0 && (sent >= job.messagesPerDevice || cappedByTime)) resolve();
                  else next();
                });
              }
              if (inFlight === 0) resolve();
            };
            client.once('close', () => reject(new Error(`${device.clientId}: closed mid-run`)));
            next();
          }),
      ),
    );
  } finally {
    await endAll(clients);
  }
  const elapsedMs = lastAck - start;
  return {
    kind: 'ingest',
    acked,
    elapsedMs,
    messagesPerSecond: (acked / elapsedMs) * 1000,
    latency: summarize(latencies),
    cappedByTime,
  };
}

async function twin(job: TwinJob): Promise<TwinResult> {
  const client = await connect(job.url, job.device);
  const patchLatencies: number[] = [];
  const publishLatencies: number[] = [];
  let cappedByTime = false;
  try {
    await client.subscribeAsync('$iothub/twin/res/#', { qos: 0 });
    const waiting = new Map<string, (status: number) => void>();
    client.on('message', (topic) => {
      // $iothub/twin/res/{status}/?$rid={rid}&$version={v} (spec §3.3)
      const match = /^\$iothub\/twin\/res\/(\d+)\/\?\$rid=([^&]+)/.exec(topic);
      if (!match) return;
      const resolve = waiting.get(match[2] as string);
      waiting.delete(match[2] as string);
      resolve?.(Number(match[1]));
    });
    const topic = telemetryTopic({ deviceId: job.device.deviceId });
    const deadline = performance.now() + job.capMs;
    for (let i = 0; i < job.roundTrips; i += 1) {
      if (performance.now() > deadline) {
        cappedByTime = true;
        break;
      }
      // Twin: reported PATCH (QoS 0, as the SDKs send it) until its 204 arrives.
      const rid = `b${i}`;
      const patch = JSON.stringify({ bench: { i, pad: 'x'.repeat(job.payloadBytes) } });
      let t0 = performance.now();
      const status = await new Promise<number>((resolve) => {
        waiting.set(rid, resolve);
        client.publish(twinReportedTopic(rid), patch, { qos: 0 });
      });
      if (status !== 204) throw new Error(`reported PATCH answered ${status}, expected 204`);
      patchLatencies.push(performance.now() - t0);
      // Baseline on the same connection: one QoS 1 telemetry publish until its PUBACK.
      t0 = performance.now();
      await client.publishAsync(topic, body(job.payloadBytes, i), { qos: 1 });
      publishLatencies.push(performance.now() - t0);
    }
  } finally {
    await endAll([client]);
  }
  return {
    kind: 'twin',
    twinPatch: summarize(patchLatencies),
    publish: summarize(publishLatencies),
    cappedByTime,
  };
}

function send(reply: Reply): void {
  process.send?.(reply, () => process.disconnect());
}

process.once('message', (job: Job) => {
  (job.kind === 'ingest' ? ingest(job) : twin(job)).then(
    (result) => send({ ok: true, result }),
    (e: unknown) => send({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});

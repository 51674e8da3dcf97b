import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';

import { deviceOptions, service, startHub } from './test/helpers.ts';

describe('TLS (issue 3 start-up)', () => {
  it('generates a CA-signed localhost certificate and serves MQTT over TLS, WSS and HTTPS', async () => {
    const hub = await startHub({ tls: true, mqttsPort: 0, httpsPort: 0 });
    expect(hub.caPath).toBeDefined();
    const ca = readFileSync(hub.caPath ?? '', 'utf8');
    expect(new X509Certificate(ca).ca).toBe(true);

    const { url: _url, ...options } = await deviceOptions(hub);
    for (const url of [
      `mqtts://localhost:${hub.ports.mqtts}`,
      `wss://localhost:${hub.ports.https}/$iothub/websocket`,
    ]) {
      const client = mqtt.connect(url, { ...options, ca });
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      await client.publishAsync('devices/device-1/messages/events/', url, { qos: 1 });
      await client.endAsync();
    }
    const { json } = await service(hub).call('GET', '/emulator/events');
    expect(json.events).toHaveLength(2);

    const https = await import('node:https');
    const token = await service(hub).token();
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(
          `https://localhost:${hub.ports.https}/devices/device-1?api-version=2021-04-12`,
          { ca, headers: { authorization: token } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(200);
  });

  it('reuses the generated certificates from the data directory', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-tls-'));
    const first = await startHub({
      tls: true,
      mqttsPort: 0,
      httpsPort: 0,
      inMemory: false,
      dataDir,
    });
    const ca = readFileSync(first.caPath ?? '', 'utf8');
    await first.close();
    const second = await startHub({
      tls: true,
      mqttsPort: 0,
      httpsPort: 0,
      inMemory: false,
      dataDir,
    });
    expect(second.caPath).toBe(join(dataDir, 'tls', 'ca.pem'));
    expect(readFileSync(second.caPath ?? '', 'utf8')).toBe(ca);
  });
});

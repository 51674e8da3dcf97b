// The service gateway against the emulator reached as if it were a remote hub: the gateway runs
// as its own process (`npm run gateway`), trusts the emulator's CA through NODE_EXTRA_CA_CERTS,
// and reaches the hub at https://localhost (port 443) and amqps://localhost:5671, exactly where it
// would reach {hub}.azure-devices.net; nothing goes through the emulator's own panel routes. Binds
// the fixed ports 443 and 5671: run under `flock /tmp/iothub-fixed-ports.lock`.

import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { connectDevice, nextMessage, subscribe } from '../emulator/test/helpers.ts';
import type { HubEvent } from '../src/iothub/emulator-api.ts';
import {
  removeDir,
  startHub,
  tempDataDir,
  uniqueId,
  waitFor,
  type Hub,
} from '../tests/conformance/helpers.ts';

import {
  call,
  CONSOLE_ORIGIN,
  startGatewayProcess,
  type GatewayProcess,
} from './test/gateway-process.ts';

let hub: Hub;
let gateway: GatewayProcess;
let dataDir: string;
let token: string;
let session: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  hub = await startHub({
    tls: true,
    dataDir,
    httpsPort: 443,
    amqpsPort: 5671,
    mqttsPort: 0,
    mqttPort: 'ephemeral',
  });
  gateway = await startGatewayProcess(hub.caPath ?? '', hub.hostName);
  const boot = await call(gateway.port, 'GET', '/gateway/bootstrap', {
    headers: { origin: CONSOLE_ORIGIN },
  });
  token = (JSON.parse(boot.text) as { token: string }).token;
  session = await openSession(hub.ownerConnectionString);
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await hub?.close();
  await removeDir(dataDir);
});

const page = (extra: Record<string, string> = {}) => ({
  origin: CONSOLE_ORIGIN,
  'x-gateway-token': token,
  ...extra,
});

async function openSession(connectionString: string): Promise<string> {
  const r = await call(gateway.port, 'POST', '/gateway/sessions', {
    headers: page(),
    body: { connectionString },
  });
  expect(r.status, r.text).toBe(201);
  return (JSON.parse(r.text) as { session: string }).session;
}

const hubCall = (method: string, path: string, body?: unknown, s = session) =>
  call(gateway.port, method, `/gateway/hub${path}`, {
    headers: page({ 'x-gateway-session': s }),
    ...(body === undefined ? {} : { body }),
  });

async function freshDevice(): Promise<string> {
  const deviceId = uniqueId('gw');
  const r = await hubCall('PUT', `/devices/${deviceId}`, { deviceId });
  expect(r.status, r.text).toBe(200);
  return deviceId;
}

describe('what the gateway refuses', () => {
  test('a foreign origin gets no token, and no CORS header to read the refusal with', async () => {
    const r = await call(gateway.port, 'GET', '/gateway/bootstrap', {
      headers: { origin: 'http://evil.example' },
    });
    expect(r.status).toBe(403);
    expect(r.text).not.toContain(token);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const cross = await call(gateway.port, 'GET', '/gateway/bootstrap', {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(cross.status).toBe(403);
  });

  test('a rebinding Host (a foreign name resolving to this machine) is refused', async () => {
    const r = await call(gateway.port, 'GET', '/gateway/bootstrap', {
      host: `evil.example:${gateway.port}`,
      headers: { origin: CONSOLE_ORIGIN },
    });
    expect(r.status).toBe(403);
    expect(r.text).toContain('DNS rebinding');
    const withToken = await hubCall('GET', '/devices/x');
    expect(withToken.status).not.toBe(403); // the same call on the served Host passes the guard
    const rebound = await call(gateway.port, 'GET', '/gateway/hub/devices/x', {
      host: `evil.example:${gateway.port}`,
      headers: page({ 'x-gateway-session': session }),
    });
    expect(rebound.status).toBe(403);
  });

  test('calls without the per-start token are refused', async () => {
    const r = await call(gateway.port, 'GET', '/gateway/hub/devices/x', {
      headers: { origin: CONSOLE_ORIGIN, 'x-gateway-session': session, 'x-gateway-token': 'guess' },
    });
    expect(r.status).toBe(401);
  });

  test('a HostName that is not an IoT hub is never forwarded to', async () => {
    for (const host of ['example.com', 'evil.azure-devices.net.example.com', 'localhost:443/x']) {
      const r = await call(gateway.port, 'POST', '/gateway/sessions', {
        headers: page(),
        body: {
          connectionString: `HostName=${host};SharedAccessKeyName=iothubowner;SharedAccessKey=AAAA`,
        },
      });
      expect(r.status, host).toBeGreaterThanOrEqual(400);
      expect(r.text).not.toContain('"session"');
    }
    const foreign = await call(gateway.port, 'POST', '/gateway/sessions', {
      headers: page(),
      body: {
        connectionString:
          'HostName=example.com;SharedAccessKeyName=iothubowner;SharedAccessKey=AAAA',
      },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('GatewayHostRefused');
  });

  test('only the service routes the hub panel uses are forwarded', async () => {
    expect((await hubCall('DELETE', '/devices/device-1')).status).toBe(403);
    expect((await hubCall('GET', '/emulator/bootstrap')).status).toBe(403);
  });
});

describe('every hub panel action, through the gateway', () => {
  test('registry lookup returns the hub answer unchanged, errors included', async () => {
    const deviceId = await freshDevice();
    const found = await hubCall('GET', `/devices/${deviceId}`);
    expect(found.status).toBe(200);
    expect(JSON.parse(found.text)).toMatchObject({ deviceId, status: 'enabled' });
    expect(found.headers.etag).toBeDefined();
    const missing = await hubCall('GET', '/devices/no-such-device-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['iothub-errorcode']).toBe('DeviceNotFound');
  });

  test('a wrong key gets IoT Hub 401 IotHubUnauthorizedAccess, on REST and on C2D', async () => {
    const wrong = await openSession(
      hub.ownerConnectionString.replace(
        /SharedAccessKey=[^;]+/,
        `SharedAccessKey=${Buffer.alloc(32, 7).toString('base64')}`,
      ),
    );
    const twin = await hubCall('GET', '/twins/device-1', undefined, wrong);
    expect(twin.status).toBe(401);
    expect(twin.headers['iothub-errorcode']).toBe('IotHubUnauthorizedAccess');
    const c2d = await call(gateway.port, 'POST', '/gateway/c2d/device-1', {
      headers: page({ 'x-gateway-session': wrong }),
      body: { body: 'x' },
    });
    expect(c2d.status, c2d.text).toBe(401);
    expect(c2d.headers['iothub-errorcode']).toBe('IotHubUnauthorizedAccess');
    // The built-in endpoint's address is asked with SASL PLAIN and the same key: refused too.
    const events = await call(gateway.port, 'GET', '/gateway/events?deviceId=device-1', {
      headers: page({ 'x-gateway-session': wrong }),
    });
    expect(events.status, events.text).toBe(401);
    expect(events.text).toContain('IotHubUnauthorizedAccess');
  });

  test('send C2D goes over AMQP and reaches the device with its properties', async () => {
    const deviceId = await freshDevice();
    const { client } = await connectDevice(hub, { deviceId });
    await subscribe(client, `devices/${deviceId}/messages/devicebound/#`, 1);
    const arrived = nextMessage(client);
    const r = await call(gateway.port, 'POST', `/gateway/c2d/${deviceId}`, {
      headers: page({ 'x-gateway-session': session }),
      body: { body: '{"blink":3}', messageId: 'gw-1', properties: { origin: 'gateway' } },
    });
    expect(r.status, r.text).toBe(204);
    const m = await arrived;
    expect(m.payload.toString()).toBe('{"blink":3}');
    expect(m.topic).toContain('%24.mid=gw-1');
    expect(m.topic).toContain('origin=gateway');
    const unknown = await call(gateway.port, 'POST', '/gateway/c2d/no-such-device-here', {
      headers: page({ 'x-gateway-session': session }),
      body: { body: 'x' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['iothub-errorcode']).toBe('DeviceNotFound');
  });

  test('invoke a method on a device and on a module; get and update the twin', async () => {
    const deviceId = await freshDevice();
    const moduleId = 'sensor';
    expect(
      (await hubCall('PUT', `/devices/${deviceId}/modules/${moduleId}`, { deviceId, moduleId }))
        .status,
    ).toBe(200);
    for (const identity of [{ deviceId }, { deviceId, moduleId }]) {
      const { client } = await connectDevice(hub, identity);
      await subscribe(client, '$iothub/methods/POST/#');
      client.on('message', (topic, payload) => {
        const rid = /\$rid=([^&]+)/.exec(topic)?.[1];
        if (topic.startsWith('$iothub/methods/POST/ping/') && rid)
          client.publish(
            `$iothub/methods/res/201/?$rid=${rid}`,
            JSON.stringify({ echo: JSON.parse(payload.toString()) }),
          );
      });
      const path = `/twins/${deviceId}${identity.moduleId ? `/modules/${moduleId}` : ''}`;
      const method = await hubCall('POST', `${path}/methods`, {
        methodName: 'ping',
        payload: { n: 1 },
        responseTimeoutInSeconds: 10,
      });
      expect(method.status, method.text).toBe(200);
      expect(JSON.parse(method.text)).toEqual({ status: 201, payload: { echo: { n: 1 } } });
      const patched = await hubCall('PATCH', path, { properties: { desired: { fan: 'on' } } });
      expect(patched.status, patched.text).toBe(200);
      const twin = await hubCall('GET', path);
      expect(JSON.parse(twin.text)).toMatchObject({ properties: { desired: { fan: 'on' } } });
      client.end(true);
    }
  });
});

describe('telemetry from the built-in endpoint', () => {
  test('the redirect is followed and events stream from now, with IoT Hub system properties', async () => {
    const deviceId = await freshDevice();
    const { client } = await connectDevice(hub, { deviceId });
    await client.publishAsync(`devices/${deviceId}/messages/events/`, 'before', { qos: 1 });
    const events: HubEvent[] = [];
    const stream = openStream(
      `/gateway/events?deviceId=${deviceId}&consumerGroup=%24Default`,
      events,
    );
    try {
      await stream.opened;
      // Published until one arrives: the readers attach to every partition a moment after the
      // stream opens, and "from now" means what they see once attached.
      await waitFor(
        'telemetry through the gateway',
        async () => {
          await client.publishAsync(
            `devices/${deviceId}/messages/events/$.mid=t-1&$.ct=application%2Fjson&$.ce=utf-8&room=kitchen`,
            '{"t":21}',
            { qos: 1 },
          );
          return events[0];
        },
        20_000,
      );
      const e = events[0] as HubEvent;
      expect(e.deviceId).toBe(deviceId);
      expect(e.body).toBe('{"t":21}');
      expect(e.properties).toEqual({ room: 'kitchen' });
      expect(e.systemProperties).toMatchObject({
        'iothub-connection-device-id': deviceId,
        'message-id': 't-1',
        'content-type': 'application/json',
      });
      expect(e.systemProperties['iothub-enqueuedtime']).toBeDefined();
      expect(events.some((x) => x.body === 'before')).toBe(false);
    } finally {
      stream.close();
      client.end(true);
    }
  }, 40_000);
});

function openStream(path: string, events: HubEvent[]) {
  let close = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: gateway.port,
        path,
        headers: { host: `localhost:${gateway.port}`, ...page({ 'x-gateway-session': session }) },
      },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${String(res.statusCode)}`));
          return;
        }
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (frame.startsWith('event: telemetry') && data)
              events.push(JSON.parse(data) as HubEvent);
          }
        });
        resolve();
      },
    );
    req.on('error', reject);
    req.end();
    close = () => req.destroy();
  });
  return { opened, close: () => close() };
}

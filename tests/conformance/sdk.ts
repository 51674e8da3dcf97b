// The official Azure IoT SDKs for Node, set up exactly as a user points them at the emulator:
// HostName=localhost, the hub's CA trusted in code, and where a hub cannot listen on the port an
// SDK dials, the route docs/sdk-against-emulator.md describes (spec §0.3, §11.1; toolchain.md).
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import tls from 'node:tls';

// CommonJS packages whose named exports Node's ESM loader cannot all detect: default imports.
import azureIotDevice from 'azure-iot-device';
import azureIotDeviceAmqp from 'azure-iot-device-amqp';
import azureIotDeviceHttp from 'azure-iot-device-http';
import azureIotDeviceMqtt from 'azure-iot-device-mqtt';
import azureIothub from 'azure-iothub';
import restApiClientModule from 'azure-iothub/dist/common-http/rest_api_client.js';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import type { HubEvent } from '../../src/iothub/emulator-api.ts';

import {
  anHourFromNow,
  connectionStringField,
  type Hub,
  type HubOptions,
  HubRest,
  removeDir,
  startHub,
  tempDataDir,
  uniqueId,
  within,
} from './helpers.ts';

export const { Client: DeviceClient, ModuleClient, Message } = azureIotDevice;
export const { Mqtt, MqttWs } = azureIotDeviceMqtt;
export const { Amqp: DeviceAmqp, AmqpWs: DeviceAmqpWs } = azureIotDeviceAmqp;
export const { Http } = azureIotDeviceHttp;
const { Registry, Client: ServiceClient, Amqp, JobClient } = azureIothub;
const serviceSas = azureIothub.SharedAccessSignature;
const { RestApiClient } = restApiClientModule;

export type DeviceTransport =
  typeof Mqtt | typeof MqttWs | typeof DeviceAmqp | typeof DeviceAmqpWs | typeof Http;
export type DeviceClientInstance = InstanceType<typeof DeviceClient>;
export type MessageInstance = InstanceType<typeof Message>;

export async function hubCa(hub: Hub): Promise<string> {
  if (!hub.caPath) throw new Error('the hub was started without a generated CA (tls: true)');
  return readFile(hub.caPath, 'utf8');
}

/**
 * An https.Agent that dials `port` on the loopback whatever port the URL names, keeping the TLS
 * server name of the URL's host. The SDKs hard-code 443 (MqttWs, azure-iothub REST); this is the
 * route for hubs that cannot listen on 443 (not root). Spec §0.3, toolchain.md.
 */
export function portRedirectAgent(port: number, ca: string): https.Agent {
  const agent = new https.Agent({ keepAlive: false, ca });
  agent.createConnection = (options) => {
    const host = typeof options.host === 'string' ? options.host : 'localhost';
    return tls.connect({ host, port, ca, servername: host });
  };
  return agent;
}

/** How the SDKs reach the hub's HTTPS/WSS listener: on 443 as they expect, or through an agent. */
export function httpsAgentFor(hub: Hub, ca: string): https.Agent {
  const port = hub.ports.https;
  if (port === undefined) throw new Error('the hub has no https port (tls: true)');
  return port === 443 ? new https.Agent({ keepAlive: false, ca }) : portRedirectAgent(port, ca);
}

/**
 * azure-iothub has no public `ca` option, and NODE_EXTRA_CA_CERTS cannot be set once the test
 * process runs. Its Registry/Client accept a RestApiClient, whose setOptions({ ca, http: { agent } })
 * reaches the https.request it makes. The constructors overwrite those options with their own
 * keep-alive agent, so they are set after construction.
 */
export function serviceClients(hub: Hub, ca: string) {
  const host = connectionStringField(hub.ownerConnectionString, 'HostName');
  const keyName = connectionStringField(hub.ownerConnectionString, 'SharedAccessKeyName');
  const key = connectionStringField(hub.ownerConnectionString, 'SharedAccessKey');
  const userAgent = 'azure-iothub-conformance';
  const options = { ca, http: { agent: httpsAgentFor(hub, ca) } };
  const config = () => ({
    host,
    keyName,
    // As Registry.fromConnectionString builds it; RestApiClient re-signs it for every request.
    sharedAccessSignature: serviceSas.create(host, keyName, key, anHourFromNow()),
  });
  const registryRest = new RestApiClient(config(), userAgent);
  const registry = new Registry(config(), registryRest);
  registryRest.setOptions(options);
  const clientConfig = config();
  const clientRest = new RestApiClient(clientConfig, userAgent);
  // The Amqp transport is never opened: invokeDeviceMethod is HTTPS, C2D goes through REST (see
  // HubRest.sendC2d) because Client.send is AMQP, which the emulator does not serve.
  const client = new ServiceClient(new Amqp(clientConfig), clientRest);
  clientRest.setOptions(options);
  const jobsRest = new RestApiClient(config(), userAgent);
  const jobs = new JobClient(jobsRest);
  jobsRest.setOptions(options);
  return { registry, client, jobs };
}

/** A device client as a user builds it: connection string, transport, trusted CA. */
export async function openDevice(
  hub: Hub,
  connectionString: string,
  transport: DeviceTransport,
): Promise<DeviceClientInstance> {
  const ca = await hubCa(hub);
  const client = DeviceClient.fromConnectionString(connectionString, transport);
  if (transport === MqttWs && hub.ports.https !== 443) {
    await client.setOptions({ ca, mqtt: { webSocketAgent: httpsAgentFor(hub, ca) } });
  } else if (transport === DeviceAmqpWs && hub.ports.https !== 443) {
    // azure-iot-device-amqp passes amqp.webSocketAgent to the WebSocket it opens (wss://…:443).
    await client.setOptions({ ca, amqp: { webSocketAgent: httpsAgentFor(hub, ca) } });
  } else if (transport === Http) {
    // azure-iot-http-base hands `http.agent` and `ca` to every https.request it makes. The Http
    // transport answers setOptions only when `http.receivePolicy` is given (its http.ts); this
    // one is its default (poll every second).
    await client.setOptions({
      ca,
      http: { agent: httpsAgentFor(hub, ca), receivePolicy: { interval: 1 } },
    });
  } else {
    await client.setOptions({ ca });
  }
  await within('device open', client.open());
  return client;
}

/** For the Amqp transport on a hub whose AMQPS port is not 5671: it dials
 *  amqps://{GatewayHostName}, and a port there wins over 5671 (azure-iot-device-amqp). */
export function withAmqpsGateway(hub: Hub, connectionString: string): string {
  const port = hub.ports.amqps;
  if (port === undefined) throw new Error('the hub has no amqps port (tls: true, amqpsPort)');
  return port === 5671 ? connectionString : `${connectionString};GatewayHostName=localhost:${port}`;
}

/**
 * Sends a JSON message with every system property a device sets and two application properties
 * through `client`, and checks the event the hub logged for it as every transport must stamp it
 * (spec §3.1). Returns the event and when the send started.
 */
export async function sendTemperature(
  rest: HubRest,
  client: DeviceClientInstance,
  deviceId: string,
): Promise<{ event: HubEvent; sentAt: number }> {
  const message = new Message(JSON.stringify({ temperature: 21.5 }));
  message.messageId = uniqueId('msg');
  message.correlationId = 'corr-1';
  message.contentType = 'application/json';
  message.contentEncoding = 'utf-8';
  message.properties.add('alert', 'true');
  message.properties.add('unit', 'celsius degrees');
  const sentAt = Date.now();
  await within('sendEvent', client.sendEvent(message));
  const event = await rest.waitForEvent(
    deviceId,
    (e) => e.systemProperties['message-id'] === message.messageId,
  );
  expect(event.body).toBe('{"temperature":21.5}');
  expect(event.properties).toEqual({ alert: 'true', unit: 'celsius degrees' });
  expect(event.systemProperties).toMatchObject({
    'iothub-connection-device-id': deviceId,
    'correlation-id': 'corr-1',
    'content-type': 'application/json',
    'content-encoding': 'utf-8',
    'iothub-message-source': 'Telemetry',
  });
  // IoT Hub also carries "acceptingIpFilterRule": null in it, hence toMatchObject.
  expect(JSON.parse(event.systemProperties['iothub-connection-auth-method'] ?? '{}')).toMatchObject(
    { scope: 'device', type: 'sas', issuer: 'iothub' },
  );
  return { event, sentAt };
}

/** For the Mqtt transport on a hub whose MQTTS port is not 8883: GatewayHostName may carry a port. */
export function withMqttsGateway(hub: Hub, connectionString: string): string {
  const port = hub.ports.mqtts;
  if (port === undefined) throw new Error('the hub has no mqtts port (tls: true)');
  return port === 8883 ? connectionString : `${connectionString};GatewayHostName=localhost:${port}`;
}

export type TlsHubSuite = {
  hub: Hub;
  rest: HubRest;
  service: ReturnType<typeof serviceClients>;
  /** Device clients a test opened; each is closed after the test. */
  openClients: DeviceClientInstance[];
};

/**
 * Registers the vitest hooks of a test file that runs the SDKs against one TLS hub on a temp data
 * dir: the hub and its clients are on the returned object from `beforeAll` on, the device clients
 * in `openClients` are closed after each test, the hub and its data dir after the file.
 */
export function tlsHubSuite(
  ports: Pick<NonNullable<HubOptions>, 'mqttsPort' | 'httpsPort' | 'amqpsPort' | 'clock'>,
): TlsHubSuite {
  const suite = { openClients: [] as DeviceClientInstance[] } as TlsHubSuite;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await tempDataDir();
    suite.hub = await startHub({ tls: true, dataDir, ...ports });
    suite.rest = new HubRest(suite.hub);
    suite.service = serviceClients(suite.hub, await hubCa(suite.hub));
  });
  afterEach(async () => {
    await Promise.allSettled(suite.openClients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await suite.hub?.close();
    await removeDir(dataDir);
  });
  return suite;
}

// DPS over MQTT (Microsoft Learn, "Communicate with your DPS using the MQTT protocol"): the
// provisioning SDKs dial the provisioning host on 8883 (or 443 with WebSockets), which in the
// emulator is the hub's own host, so a connection's CONNECT tells the two apart: a username of
// `{idScope}/registrations/{registrationId}/…` is DPS's. DPS needs so little of MQTT (CONNECT,
// SUBSCRIBE to `$dps/registrations/res/#`, two request topics, PING) that it is served here with
// mqtt-packet directly, apart from the hub's broker.

import type { X509Certificate } from 'node:crypto';
import type { Duplex } from 'node:stream';

import mqttPacket, { type IConnectPacket, type Packet } from 'mqtt-packet';

import type { Dps, DpsReply } from './service.ts';

const REGISTER = '$dps/registrations/PUT/iotdps-register/';
const STATUS = '$dps/registrations/GET/iotdps-get-operationstatus/';

/** `{idScope}/registrations/{registrationId}/api-version=…`, or undefined for other usernames. */
export function dpsUsername(
  username: string | undefined,
  idScope: string,
): { registrationId: string } | undefined {
  const m = /^([^/]+)\/registrations\/([^/]+)\//.exec(username ?? '');
  if (!m || m[1]?.toLowerCase() !== idScope.toLowerCase()) return undefined;
  return { registrationId: m[2] ?? '' };
}

/** Serves one DPS MQTT connection. */
export function serveDpsMqtt(
  dps: Dps,
  stream: Duplex,
  certificates: X509Certificate[] | undefined,
  log: (line: string) => void,
): void {
  const parser = mqttPacket.parser();
  let session: { registrationId: string; token: string | undefined } | undefined;
  const send = (packet: Packet) => {
    if (!stream.destroyed) stream.write(mqttPacket.generate(packet));
  };
  const respond = (rid: string, r: DpsReply) => {
    const retry = r.retryAfter !== undefined ? `&retry-after=${r.retryAfter}` : '';
    send({
      cmd: 'publish',
      topic: `$dps/registrations/res/${r.status}/?$rid=${encodeURIComponent(rid)}${retry}`,
      payload: Buffer.from(JSON.stringify(r.body)),
      qos: 0,
      dup: false,
      retain: false,
    });
  };
  const credentials = () => ({ token: session?.token, certificates });

  const onConnect = async (packet: IConnectPacket) => {
    const name = dpsUsername(packet.username, dps.idScope);
    const token = packet.password?.toString('utf8') || undefined;
    const refuse = (detail: string) => {
      log(`DPS MQTT: refused '${packet.clientId}': ${detail}`);
      send({ cmd: 'connack', returnCode: 5, sessionPresent: false });
      stream.end();
    };
    if (!name || name.registrationId !== packet.clientId)
      return refuse('the client ID is not the registration ID of the username');
    const check = await dps.authenticate(name.registrationId, { token, certificates });
    if (check) return refuse(check);
    session = { registrationId: name.registrationId, token };
    send({ cmd: 'connack', returnCode: 0, sessionPresent: false });
  };

  const onPublish = async (topic: string, payload: Buffer) => {
    if (!session) return;
    const [path = '', query = ''] = topic.split('?');
    const params = new URLSearchParams(query);
    const rid = params.get('$rid') ?? '';
    if (path === REGISTER) {
      let body: { registrationId?: unknown; payload?: unknown } | undefined;
      try {
        body = JSON.parse(payload.toString('utf8') || '{}') as typeof body;
      } catch {
        body = undefined;
      }
      respond(rid, await dps.register(dps.idScope, session.registrationId, body, credentials()));
    } else if (path === STATUS) {
      const operationId = params.get('operationId') ?? '';
      respond(
        rid,
        await dps.operationStatus(dps.idScope, session.registrationId, operationId, credentials()),
      );
    } else {
      log(`DPS MQTT: closing '${session.registrationId}': publish to unknown topic '${topic}'`);
      stream.destroy();
    }
  };

  parser.on('packet', (packet: Packet) => {
    const fail = (e: unknown) => {
      log(`DPS MQTT: ${String(e)}`);
      stream.destroy();
    };
    switch (packet.cmd) {
      case 'connect':
        if (session) return stream.destroy(); // a second CONNECT is a protocol violation
        return void onConnect(packet).catch(fail);
      case 'subscribe':
        if (!session) return stream.destroy();
        return send({
          cmd: 'suback',
          messageId: packet.messageId,
          granted: packet.subscriptions.map((s) =>
            s.topic.startsWith('$dps/registrations/res/') ? Math.min(s.qos, 1) : 128,
          ),
        });
      case 'unsubscribe':
        return send({ cmd: 'unsuback', messageId: packet.messageId, granted: [] });
      case 'publish':
        if (!session) return stream.destroy();
        if (packet.qos > 0) send({ cmd: 'puback', messageId: packet.messageId });
        return void onPublish(packet.topic, Buffer.from(packet.payload)).catch(fail);
      case 'pingreq':
        return send({ cmd: 'pingresp' });
      case 'disconnect':
        return void stream.end();
      default:
        return;
    }
  });
  parser.on('error', () => stream.destroy());
  stream.on('data', (chunk: Buffer) => parser.parse(chunk));
  stream.on('error', () => stream.destroy());
  stream.resume();
}

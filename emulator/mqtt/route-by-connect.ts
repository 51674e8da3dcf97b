// Which server a new MQTT connection belongs to, from its CONNECT: the hub's broker, or another
// MQTT service on the same port (the emulator's DPS, whose SDKs dial the same host and port as the
// hub's; dps/mqtt.ts). Only the first packet is read; the bytes are put back for the chosen one.

import type { Duplex } from 'node:stream';

import mqttPacket, { type IConnectPacket, type Packet } from 'mqtt-packet';

/** A connection that sends no CONNECT within this is closed (aedes' own connectTimeout is as
 *  long, and starts only once aedes has the stream). */
export const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Reads a connection's first packet and hands the stream, with those bytes put back, to `other`
 * when `claims` its CONNECT and to `hub` otherwise (a parse error too: the hub's broker
 * answers it as any malformed client).
 */
export function routeByConnect(
  stream: Duplex,
  claims: (connect: IConnectPacket) => boolean,
  hub: () => void,
  other: () => void,
): void {
  const parser = mqttPacket.parser();
  const chunks: Buffer[] = [];
  let decided = false;
  const timer = setTimeout(() => stream.destroy(), CONNECT_TIMEOUT_MS);
  const decide = (toOther: boolean) => {
    if (decided) return;
    decided = true;
    clearTimeout(timer);
    stream.off('data', onData);
    stream.off('close', onClose);
    stream.pause();
    stream.unshift(Buffer.concat(chunks));
    if (toOther) other();
    else hub();
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    parser.parse(chunk);
  };
  const onClose = () => clearTimeout(timer);
  parser.once('packet', (packet: Packet) => decide(packet.cmd === 'connect' && claims(packet)));
  parser.once('error', () => decide(false));
  stream.on('data', onData);
  stream.on('close', onClose);
  stream.on('error', () => stream.destroy());
}

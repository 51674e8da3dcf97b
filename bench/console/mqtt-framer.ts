// Splits an MQTT byte stream into whole packets (MQTT 3.1.1 §2.2: one fixed-header byte, then the
// remaining length as a 1–4 byte varint). The tap needs packet boundaries, not parsed packets: a
// WebSocket frame may carry part of a packet or several, and injected C2D publishes may only go
// between whole packets of the hub's own stream.

export class MqttFramer {
  #pending: Buffer = Buffer.alloc(0);

  /** Appends bytes and returns every packet completed by them, each as its own buffer. */
  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const packets: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const size = packetSize(this.#pending, offset);
      if (size === undefined) break;
      packets.push(this.#pending.subarray(offset, offset + size));
      offset += size;
    }
    this.#pending = this.#pending.subarray(offset);
    return packets;
  }
}

/** Bytes of the packet starting at `offset`, or undefined while it is incomplete. */
export function packetSize(buf: Buffer, offset: number): number | undefined {
  let remaining = 0;
  let multiplier = 1;
  for (let i = 1; i <= 4; i += 1) {
    const byte = buf[offset + i];
    if (byte === undefined) return undefined;
    remaining += (byte & 0x7f) * multiplier;
    multiplier *= 128;
    if ((byte & 0x80) === 0) {
      const size = 1 + i + remaining;
      return offset + size <= buf.length ? size : undefined;
    }
  }
  throw new Error('malformed MQTT remaining length (more than 4 bytes)');
}

/** The packet id of a PUBACK (type 4, §3.4), or undefined for any other packet. */
export function pubackId(packet: Buffer): number | undefined {
  return packet[0] === 0x40 && packet.length === 4 ? packet.readUInt16BE(2) : undefined;
}

/** A PUBLISH (§3.3) with QoS 0 or 1, no DUP, no RETAIN. */
export function encodePublish(topic: string, payload: Buffer, qos: 0 | 1, packetId = 0): Buffer {
  const topicBytes = Buffer.from(topic, 'utf8');
  const remaining = 2 + topicBytes.length + (qos === 1 ? 2 : 0) + payload.length;
  const lengthBytes: number[] = [];
  let rest = remaining;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    lengthBytes.push(byte);
  } while (rest > 0);
  const out = Buffer.allocUnsafe(1 + lengthBytes.length + remaining);
  let o = 0;
  out[o++] = 0x30 | (qos << 1);
  for (const b of lengthBytes) out[o++] = b;
  o = out.writeUInt16BE(topicBytes.length, o);
  o += topicBytes.copy(out, o);
  if (qos === 1) o = out.writeUInt16BE(packetId, o);
  payload.copy(out, o);
  return out;
}

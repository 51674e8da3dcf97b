// The console bench's pure parts: frame gaps, long-task overlap, intake rate, MQTT framing.
import { describe, expect, it } from 'vitest';

import { frameGaps, intakeRate, longTasksIn, summarizeFrames } from './frame-stats.ts';
import { encodePublish, MqttFramer, packetSize, pubackId } from './mqtt-framer.ts';

describe('frame gaps', () => {
  it('counts the window edges, so a blocked main thread shows one long gap', () => {
    expect(frameGaps([], 1000, 1500)).toEqual([500]);
    expect(frameGaps([900, 1010, 1030, 1200, 1600], 1000, 1500)).toEqual([10, 20, 170, 300]);
  });

  it('summarizes p95 and max over the gaps inside the window', () => {
    const frames = Array.from({ length: 101 }, (_, i) => i * 16); // 100 gaps of 16 ms
    frames.push(1600 + 200); // one 200 ms stall at the end
    const s = summarizeFrames(frames, 0, 1800);
    expect(s.p95GapMs).toBe(16);
    expect(s.maxGapMs).toBe(200);
    expect(s.frames).toBe(102); // 0…1600 and 1800
  });
});

describe('long tasks', () => {
  it('keeps the tasks that overlap the window', () => {
    const tasks = [
      { at: 0, durationMs: 60 }, // ends before
      { at: 90, durationMs: 70 }, // starts before, overlaps
      { at: 500, durationMs: 120 },
      { at: 1200, durationMs: 80 }, // after
    ];
    expect(longTasksIn(tasks, 100, 1000)).toEqual({ count: 2, maxMs: 120 });
  });
});

describe('intake rate', () => {
  it('is the messages shown since the baseline over the time to the last change', () => {
    const samples = [
      { at: 1000, count: 40 },
      { at: 1500, count: 540 },
      { at: 3000, count: 2040 },
    ];
    expect(intakeRate(samples, 40, 1000)).toBe(1000);
    expect(Number.isNaN(intakeRate([], 0, 1000))).toBe(true);
  });
});

describe('MQTT framing', () => {
  it('splits packets across and within chunks', () => {
    const a = encodePublish('devices/d/messages/devicebound/', Buffer.alloc(300, 1), 1, 1024);
    const b = Buffer.from([0x40, 0x02, 0x04, 0x00]); // PUBACK 1024
    const framer = new MqttFramer();
    const both = Buffer.concat([a, b]);
    expect(framer.push(both.subarray(0, 5))).toEqual([]);
    const out = framer.push(both.subarray(5));
    expect(out.map((p) => p.length)).toEqual([a.length, 4]);
    expect(pubackId(out[1] as Buffer)).toBe(1024);
    expect(pubackId(out[0] as Buffer)).toBeUndefined();
  });

  it('encodes the remaining length as a varint (MQTT §2.2.3)', () => {
    const p = encodePublish('t', Buffer.alloc(200), 0);
    expect(p[0]).toBe(0x30);
    expect(packetSize(p, 0)).toBe(p.length);
    expect(p.length).toBe(1 + 2 + 2 + 1 + 200); // 203 needs two length bytes
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { bytesToBase64 } from '../iothub/encoding.ts';

import { arbitraryRecord } from './journal-arbitrary.test-util.ts';
import { importNdjson } from './journal-export.ts';
import { filterRecords } from './journal-filter.ts';
import {
  bodyCopy,
  desiredRecord,
  hubEventRecord,
  invocationRecord,
  propertiesCopy,
  recordCopies,
  sentTelemetryRecord,
  twinRequestRecord,
} from './pane-records.ts';
import type { SentTelemetry } from './telemetry-slice.ts';

const ID = 'hub.example/dev1/';

const sent = (patch: Partial<SentTelemetry>): SentTelemetry => ({
  id: 'x',
  state: 'queued',
  createdAt: 0,
  updatedAt: 0,
  topic: 't',
  body: '',
  properties: { system: {}, application: {} },
  bytes: 0,
  requeued: 0,
  ...patch,
});
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('pane items as journal records', () => {
  it('sent telemetry: topic, properties, body bytes, acknowledgement', () => {
    const r = sentTelemetryRecord(
      sent({
        id: 't-1',
        state: 'acknowledged',
        createdAt: 10,
        updatedAt: 25,
        topic: 'devices/dev1/messages/events/a=1',
        body: '{"t":1}',
        properties: { system: { contentType: 'application/json' }, application: { a: '1' } },
        latencyMs: 15,
      }),
      ID,
    );
    expect(r).toMatchObject({ direction: 'out', kind: 'telemetry', at: 10, ackAt: 25, rid: 't-1' });
    expect(text(r.body)).toBe('{"t":1}');
    expect(filterRecords([r], { acknowledged: true, property: { name: '$.ct' } })).toHaveLength(1);
  });

  it('desired updates and twin requests', () => {
    const d = desiredRecord({ version: 4, patch: { fan: 'on' }, at: 5, outcome: 'applied' }, ID);
    expect(d).toMatchObject({ kind: 'desired', label: '$version 4', state: 'applied' });
    expect(d.topic).toBe('$iothub/twin/PATCH/properties/desired/?$version=4');
    const pending = twinRequestRecord({ rid: '7', kind: 'get', sentAt: 1 }, ID);
    const done = twinRequestRecord(
      { rid: '8', kind: 'get', sentAt: 1, status: 200, latencyMs: 3 },
      ID,
    );
    expect(filterRecords([pending, done], { acknowledged: false })).toEqual([pending]);
    expect(done.ackAt).toBe(4);
  });

  it('method invocations, answered or waiting', () => {
    const waiting = invocationRecord(
      { rid: '1', name: 'reboot', payload: '{}', receivedAt: 2 },
      ID,
    );
    expect(waiting.topic).toBe('$iothub/methods/POST/reboot/?$rid=1');
    expect(waiting.state).toBe('waiting');
    const answered = invocationRecord(
      {
        rid: '2',
        name: 'reboot',
        payload: '{}',
        receivedAt: 2,
        response: { rid: '2', status: 200, payload: '', at: 9, latencyMs: 7 },
      },
      ID,
    );
    expect(answered).toMatchObject({ status: 200, ackAt: 9, state: 'answered' });
  });

  it('hub events keep their bytes and name the properties IoT Hub has', () => {
    const bytes = Uint8Array.from([0, 255, 1]);
    const r = hubEventRecord(
      {
        sequenceNumber: 12,
        deviceId: 'dev1',
        enqueuedTime: '2026-01-01T00:00:00.000Z',
        body: null,
        bodyBase64: bytesToBase64(bytes),
        properties: { zone: 'n' },
        systemProperties: { 'content-type': 'application/x-protobuf', 'iothub-enqueuedtime': 'x' },
      },
      ID,
    );
    expect(r.body).toEqual(bytes);
    expect(r.properties?.system.contentType).toBe('application/x-protobuf');
    expect(r.at).toBe(Date.UTC(2026, 0, 1));
    expect(filterRecords([r], { text: 'iothub-enqueuedtime=x zone=n' })).toHaveLength(1);
  });
});

describe('copies', () => {
  it('copies a UTF-8 body as text and any other as base64', () => {
    expect(bodyCopy(new TextEncoder().encode('héllo'))).toEqual({
      text: 'héllo',
      encoding: 'utf-8',
    });
    expect(bodyCopy(Uint8Array.from([0xc3]))).toEqual({ text: 'ww==', encoding: 'base64' });
  });

  it('offers topic only when there is one, and says base64 for binary', () => {
    fc.assert(
      fc.property(arbitraryRecord, (r) => {
        const labels = recordCopies(r).map((c) => c.label);
        expect(labels.includes('Copy topic')).toBe(r.topic !== undefined);
        expect(labels.at(-1)).toBe('Copy as JSON');
        expect(labels[0]).toBe(
          bodyCopy(r.body).encoding === 'base64' ? 'Copy body (base64)' : 'Copy body',
        );
      }),
      { numRuns: 50 },
    );
  });

  it('copies the record as an NDJSON line that imports back byte for byte', () => {
    fc.assert(
      fc.property(arbitraryRecord, (r) => {
        const line =
          recordCopies(r)
            .find((c) => c.label === 'Copy as JSON')
            ?.text() ?? '';
        const header = JSON.stringify({ format: 'iothub-console-journal', version: 1, records: 1 });
        const back = importNdjson(`${header}\n${line}\n`);
        expect(back.ok && back.value.records[0]).toEqual(r);
      }),
      { numRuns: 50 },
    );
  });

  it('copies properties as JSON by name', () => {
    const r = sentTelemetryRecord(
      sent({ properties: { system: { messageId: 'm' }, application: { k: 'v' } } }),
      ID,
    );
    expect(JSON.parse(propertiesCopy(r))).toEqual({
      system: { messageId: 'm' },
      application: { k: 'v' },
    });
  });
});

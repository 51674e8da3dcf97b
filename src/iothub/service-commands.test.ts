import { execFileSync } from 'node:child_process';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  c2dAzCommand,
  c2dCurlCommand,
  desiredAzCommand,
  desiredCurlCommand,
  getTwinAzCommand,
  getTwinCurlCommand,
  hubNameOf,
  methodAzCommand,
  methodCurlCommand,
  shellQuote,
  type CommandHub,
} from './service-commands.ts';

const hub: CommandHub = {
  hostName: 'contoso.azure-devices.net',
  baseUrl: 'https://contoso.azure-devices.net',
  apiVersion: '2021-04-12',
};

/** What a POSIX shell makes of `words`: one argument per line, via printf. */
function shellWords(words: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('gives the shell back exactly the text, whatever it holds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('\0')),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (values) => {
          expect(shellWords(values.map(shellQuote).join(' '))).toEqual(values);
        },
      ),
      { numRuns: 12 },
    );
    // Each run starts /bin/sh: bounded, but slow on a loaded 2-core machine.
  }, 20_000);

  it('leaves plain words bare and quotes the rest', () => {
    expect(shellQuote('device-1')).toBe('device-1');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});

describe('az iot commands', () => {
  it('sends C2D with every field IoT Hub has, expiry in ms since the epoch', () => {
    const cmd = c2dAzCommand(
      hub,
      { deviceId: 'dev 1' },
      {
        body: '{"on":true}',
        messageId: 'm-1',
        correlationId: 'c-1',
        contentType: 'application/json',
        contentEncoding: 'utf-8',
        expiryTimeUtc: '2026-01-01T00:00:00.000Z',
        ack: 'full',
        properties: { a: '1', zone: 'north wing' },
      },
    );
    expect(cmd).toBe(
      "az iot device c2d-message send --hub-name contoso --device-id 'dev 1' " +
        `--data '{"on":true}' --message-id m-1 --correlation-id c-1 ` +
        '--content-type application/json --content-encoding utf-8 ' +
        `--expiry-time-utc ${Date.UTC(2026, 0, 1)} --ack full --properties 'a=1;zone=north wing'`,
    );
  });

  it('has no C2D for a module', () => {
    const t = { deviceId: 'd', moduleId: 'm' };
    expect(c2dAzCommand(hub, t, { body: 'x', properties: {} })).toBeUndefined();
    expect(c2dCurlCommand(hub, t, { body: 'x', properties: {} })).toBeUndefined();
  });

  it('invokes a device or a module method', () => {
    const m = {
      methodName: 'reboot',
      payload: { delay: 1 },
      responseTimeout: 30,
      connectTimeout: 0,
    };
    expect(methodAzCommand(hub, { deviceId: 'd' }, m)).toBe(
      `az iot hub invoke-device-method --hub-name contoso --device-id d --method-name reboot --method-payload '{"delay":1}' --timeout 30`,
    );
    expect(methodAzCommand(hub, { deviceId: 'd', moduleId: 'm' }, m)).toContain(
      'az iot hub invoke-module-method --hub-name contoso --device-id d --module-id m',
    );
  });

  it('updates and shows the twin', () => {
    expect(desiredAzCommand(hub, { deviceId: 'd' }, { fan: 'on' })).toBe(
      `az iot hub device-twin update --hub-name contoso --device-id d --desired '{"fan":"on"}'`,
    );
    expect(getTwinAzCommand(hub, { deviceId: 'd', moduleId: 'm' })).toBe(
      'az iot hub module-twin show --hub-name contoso --device-id d --module-id m',
    );
  });

  it('names the hub by its first host label', () => {
    expect(hubNameOf('contoso.azure-devices.net')).toBe('contoso');
    expect(hubNameOf('localhost')).toBe('localhost');
  });
});

describe('curl commands', () => {
  /** The curl line's words as the shell passes them, without the hint comment. */
  const words = (cmd: string) =>
    shellWords(
      cmd
        .split('\n')
        .slice(1)
        .join('\n')
        .replace(/^curl /, ''),
    );

  it('carries a body of bytes through printf to curl exactly, and has no az form for it', () => {
    const body = Uint8Array.from([0, 1, 0x27, 0x5c, 0x25, 0x7f, 0x80, 0xff, 0x0a]);
    const m = { body, contentType: 'application/cbor', properties: {} };
    const cmd = c2dCurlCommand(hub, { deviceId: 'd1' }, m) as string;
    const pipeline = cmd.split('\n').find((l) => l.startsWith('printf ')) ?? '';
    const printf = pipeline.slice(0, pipeline.indexOf(' | curl'));
    const out = execFileSync('/bin/sh', ['-c', printf]);
    expect([...out]).toEqual([...body]);
    expect(cmd).toContain('--data-binary @-');
    expect(c2dAzCommand(hub, { deviceId: 'd1' }, m)).toBeUndefined();
  });

  it('sends C2D with IoT Hub headers, the token as a variable, never a key', () => {
    const cmd = c2dCurlCommand(
      hub,
      { deviceId: 'd/1' },
      { body: "it's", messageId: 'm', ack: 'positive', properties: { k: 'v w' } },
    ) as string;
    expect(cmd.split('\n')[0]).toMatch(
      /^# IOTHUB_SAS_TOKEN: .*generate-sas-token --hub-name contoso/,
    );
    expect(cmd).not.toMatch(/SharedAccessKey|sig=/);
    const argv = words(cmd.replace('$IOTHUB_SAS_TOKEN', 'TOKEN'));
    expect(argv).toEqual([
      '-X',
      'POST',
      'https://contoso.azure-devices.net/devices/d%2F1/messages/deviceBound?api-version=2021-04-12',
      '-H',
      'Authorization: TOKEN',
      '-H',
      'Content-Type: text/plain; charset=utf-8',
      '-H',
      'iothub-messageid: m',
      '-H',
      'iothub-ack: positive',
      '-H',
      'iothub-app-k: v w',
      '--data-binary',
      "it's",
    ]);
  });

  it('invokes a method with the REST body', () => {
    const cmd = methodCurlCommand(
      { ...hub, baseUrl: 'http://localhost:8080' },
      { deviceId: 'd', moduleId: 'm' },
      { methodName: 'go', payload: null, responseTimeout: 10, connectTimeout: 5 },
    );
    const argv = words(cmd.replace('$IOTHUB_SAS_TOKEN', 'T'));
    expect(argv[2]).toBe('http://localhost:8080/twins/d/modules/m/methods?api-version=2021-04-12');
    expect(JSON.parse(argv.at(-1) as string)).toEqual({
      methodName: 'go',
      payload: null,
      responseTimeoutInSeconds: 10,
      connectTimeoutInSeconds: 5,
    });
  });

  it('patches desired with If-Match and gets the twin', () => {
    const patch = words(desiredCurlCommand(hub, { deviceId: 'd' }, { a: 1 }));
    expect(patch.slice(0, 2)).toEqual(['-X', 'PATCH']);
    expect(patch).toContain('If-Match: *');
    expect(JSON.parse(patch.at(-1) as string)).toEqual({ properties: { desired: { a: 1 } } });
    expect(words(getTwinCurlCommand(hub, { deviceId: 'd' })).slice(0, 3)).toEqual([
      '-X',
      'GET',
      'https://contoso.azure-devices.net/twins/d?api-version=2021-04-12',
    ]);
  });
});

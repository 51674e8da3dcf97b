import { describe, expect, it } from 'vitest';

import { resolveEndpoint } from './resolve-endpoint.ts';

describe('resolveEndpoint', () => {
  const info = { hostName: 'myhub.azure-devices.net' };

  it('defaults to wss on 443 at the real hub path', () => {
    expect(resolveEndpoint(info, {})).toEqual({
      url: 'wss://myhub.azure-devices.net:443/$iothub/websocket',
      source: 'hub',
    });
  });

  it('prefers GatewayHostName for the socket', () => {
    const r = resolveEndpoint({ ...info, gatewayHostName: 'edge.local' }, {});
    expect(r.url).toBe('wss://edge.local:443/$iothub/websocket');
  });

  it("uses the page's origin when the page is served by the emulator named in the string", () => {
    const r = resolveEndpoint(
      { hostName: 'Emulator.Local' },
      { emulatorHost: 'emulator.local', pageUrl: 'http://localhost:8080/' },
    );
    expect(r).toEqual({ url: 'ws://localhost:8080/$iothub/websocket', source: 'emulator' });
  });

  it('does not reroute a real hub string just because the emulator serves the page', () => {
    const r = resolveEndpoint(info, {
      emulatorHost: 'localhost',
      pageUrl: 'http://localhost:8080',
    });
    expect(r.source).toBe('hub');
  });

  it('lets an override win', () => {
    expect(resolveEndpoint(info, { override: ' ws://x:1/y ' }).url).toBe('ws://x:1/y');
  });
});

// Paths the emulator does not serve answer IoT Hub's JSON 404, whatever the method; only the
// console's own paths serve HTML (issue 10, deviation 2).
import { describe, expect, it } from 'vitest';

import { service, startHub } from './test/helpers.ts';

describe('unknown routes (spec §8.3)', () => {
  it.each(['GET', 'PUT', 'POST', 'PATCH', 'DELETE'])(
    '%s to routes IoT Hub has and the emulator lacks answers a JSON 404 with iothub-errorcode',
    async (method) => {
      const hub = await startHub();
      const api = service(hub);
      for (const path of ['/configurations/cfg-1', '/jobs/create', '/no/such/thing']) {
        const res = await api.call(
          method,
          `${path}?api-version=2021-04-12`,
          method === 'GET' || method === 'DELETE' ? undefined : {},
        );
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.headers.get('content-type')).toContain('application/json');
        expect(res.headers.get('iothub-errorcode')).toBe('NotFound');
        expect(res.json.Message).toMatch(/^ErrorCode:NotFound;/);
      }
    },
  );

  it('says which IoT Hub feature is missing', async () => {
    const hub = await startHub();
    const api = service(hub);
    expect((await api.call('GET', '/configurations/cfg-1')).json.Message).toContain(
      'Configurations (automatic device management) are not implemented',
    );
    expect((await api.call('POST', '/jobs/create', {})).json.Message).toContain(
      'Import and export jobs are not implemented',
    );
  });
});

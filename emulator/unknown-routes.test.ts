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
      for (const path of [
        '/digitaltwins/device-1',
        '/configurations/cfg-1',
        '/jobs/v2/job-1',
        '/no/such/thing',
      ]) {
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
    const res = await service(hub).call('GET', '/digitaltwins/device-1');
    expect(res.json.Message).toContain('Digital twins');
  });
});

import { describe, expect, it } from 'vitest';

import type { RestResult } from '../device/hub-service.ts';

import { createConsoleStore } from './store.ts';

const device = (deviceId: string) => ({ hostName: 'hub', deviceId, url: 'ws://x' });

function deferred() {
  let resolve: (r: RestResult) => void = () => {};
  let reject: (e: Error) => void = () => {};
  const promise = new Promise<RestResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('hub requests slice', () => {
  it('is busy until the answer, which lands under the identity asked about', async () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    s().setIdentity(device('d1'));
    const answer = deferred();
    const running = s().runHubRequest('method', () => answer.promise);
    expect(s().hubRequests['hub/d1/']?.method).toEqual({ busy: true });
    // The user connects as another device while the call is under way.
    s().setIdentity(device('d2'));
    answer.resolve({ status: 200, body: { status: 200 }, latencyMs: 5 });
    await running;
    expect(s().hubRequests['hub/d1/']?.method).toEqual({
      busy: false,
      result: { status: 200, body: { status: 200 }, latencyMs: 5 },
    });
    expect(s().hubRequests['hub/d2/']).toBeUndefined();
  });

  it('records a request that failed to reach the hub as its reason', async () => {
    const store = createConsoleStore();
    const failed = deferred();
    const running = store.getState().runHubRequest('c2d', () => failed.promise);
    failed.reject(new Error('Failed to fetch'));
    await running;
    expect(store.getState().hubRequests['']?.c2d).toEqual({
      busy: false,
      result: 'Request failed: Failed to fetch',
    });
  });
});

import { describe, expect, it, vi } from 'vitest';

import { createFrameBatcher } from './frame-batcher.ts';

describe('createFrameBatcher', () => {
  it('coalesces many requests into one flush per frame', () => {
    const frames: (() => void)[] = [];
    const flush = vi.fn();
    const b = createFrameBatcher(flush, (f) => frames.push(f));
    b.request();
    b.request();
    b.request();
    expect(frames).toHaveLength(1);
    expect(flush).not.toHaveBeenCalled();
    frames[0]?.();
    expect(flush).toHaveBeenCalledTimes(1);
    b.request();
    expect(frames).toHaveLength(2);
  });

  it('falls back to a timer without requestAnimationFrame', async () => {
    const flush = vi.fn();
    const b = createFrameBatcher(flush);
    b.request();
    b.request();
    await new Promise((r) => setTimeout(r, 40));
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('flushNow runs at once and a pending frame then does nothing', () => {
    const frames: (() => void)[] = [];
    const flush = vi.fn();
    const b = createFrameBatcher(flush, (f) => frames.push(f));
    b.request();
    b.flushNow();
    frames[0]?.();
    expect(flush).toHaveBeenCalledTimes(1);
  });
});

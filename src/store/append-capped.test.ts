import { describe, expect, it } from 'vitest';

import { appendCapped } from './append-capped.ts';

describe('appendCapped', () => {
  it('appends while under the cap', () => {
    expect(appendCapped([1, 2], [3], 5)).toEqual({ list: [1, 2, 3], dropped: 0 });
  });

  it('keeps the newest entries and counts the dropped ones', () => {
    expect(appendCapped([1, 2, 3, 4], [5, 6, 7], 5)).toEqual({ list: [3, 4, 5, 6, 7], dropped: 2 });
  });

  it('handles a batch larger than the cap', () => {
    expect(appendCapped([1], [2, 3, 4, 5], 3)).toEqual({ list: [3, 4, 5], dropped: 2 });
  });

  it('does not mutate its input', () => {
    const list = [1, 2, 3];
    appendCapped(list, [4], 2);
    expect(list).toEqual([1, 2, 3]);
  });
});

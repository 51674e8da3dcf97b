import { describe, expect, it } from 'vitest';

import { FOLD_LINE_CHARS, foldText, foldView } from './payload-fold.ts';

describe('foldText', () => {
  it('leaves short text whole', () => {
    expect(foldText('a\nb\nc', 3)).toBeUndefined();
    expect(foldText('abc', 3, 3)).toBeUndefined();
    expect(foldText('', 3, 3)).toBeUndefined();
  });

  it('keeps the first lines of a long text', () => {
    expect(foldText('1\n2\n3\n4\n5', 3)).toBe('1\n2\n3\n…');
  });

  it('cuts one long line at the length', () => {
    expect(foldText('x'.repeat(20), 3, 8)).toBe(`${'x'.repeat(8)}\n…`);
  });
});

describe('foldView', () => {
  it('folds JSON to one line of the body as sent, cut, and unfolds to the pretty form', () => {
    const source = JSON.stringify({ note: 'x'.repeat(200) });
    const folded = foldView('json', JSON.stringify(JSON.parse(source), null, 2), source);
    expect(folded).toBe(`${source.slice(0, FOLD_LINE_CHARS)}…`);
    expect(foldView('json', '{\n  "a": 1\n}', '{"a":1}')).toBe('{"a":1}');
  });

  it('does not fold text that fits on one line', () => {
    expect(foldView('text', 'hello', 'hello')).toBeUndefined();
    expect(foldView('text', 'two\nlines', 'two\nlines')).toBe('two lines');
    expect(foldView('json', '1', '1')).toBeUndefined();
  });

  it('folds a hex dump to its first lines', () => {
    const dump = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(foldView('hex', dump, '')).toMatch(/^line 0\n[\s\S]*line 11\n…$/);
  });
});

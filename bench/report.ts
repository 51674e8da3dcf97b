// A compact fixed-width table for the console.

export type Cell = string | number;

const show = (c: Cell): string =>
  typeof c === 'number'
    ? Number.isNaN(c)
      ? '–'
      : c >= 100
        ? Math.round(c).toLocaleString('en-US')
        : c.toFixed(2)
    : c;

export function table(title: string, header: string[], rows: Cell[][]): string {
  const text = [header, ...rows.map((r) => r.map(show))];
  const widths = header.map((_, i) => Math.max(...text.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, w) => a + w + 2, -2));
  return [`\n${title}`, line(text[0] ?? []), rule, ...text.slice(1).map(line)].join('\n');
}

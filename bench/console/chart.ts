// The ratio chart (console ÷ bare page msg/s against the offered rate, one line per QoS), drawn
// on a canvas in the bench's own Chromium and screenshotted: no charting dependency.

import { writeFile } from 'node:fs/promises';

import type { Browser } from '@playwright/test';

import type { IngestSummary } from './ingest.ts';
import { KEEP_NAMES_SHIM } from './page-probe.ts';

type Series = { label: string; color: string; points: [number, number][] };

/** Runs in the page: axes with a log2 x (offered rates double), the 1.0 target, the series. */
function draw(o: { series: Series[]; rates: number[]; title: string }): void {
  const W = 720;
  const H = 400;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  canvas.id = 'chart';
  document.body.style.margin = '0';
  document.body.append(canvas);
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  const lo = Math.log2(Math.min(...o.rates));
  const hi = Math.log2(Math.max(...o.rates));
  const yMax = Math.max(1.6, ...o.series.flatMap((s) => s.points.map((p) => p[1] + 0.1)));
  const x = (rate: number) =>
    m.l + ((Math.log2(rate) - lo) / Math.max(hi - lo, 1)) * (W - m.l - m.r);
  const y = (v: number) => H - m.b - (v / yMax) * (H - m.t - m.b);
  g.font = '13px sans-serif';
  g.fillStyle = '#222';
  g.fillText(o.title, m.l, 22);
  g.strokeStyle = '#ccc';
  g.lineWidth = 1;
  for (let v = 0; v <= yMax + 1e-9; v += 0.2) {
    g.beginPath();
    g.moveTo(m.l, y(v));
    g.lineTo(W - m.r, y(v));
    g.stroke();
    g.fillText(v.toFixed(1), 24, y(v) + 4);
  }
  for (const rate of o.rates) g.fillText(String(rate), x(rate) - 14, H - m.b + 18);
  g.fillText('offered C2D msg/s (256 B)', W / 2 - 70, H - 12);
  g.save();
  g.translate(14, H / 2 + 70);
  g.rotate(-Math.PI / 2);
  g.fillText('console ÷ bare page msg/s', 0, 0);
  g.restore();
  g.strokeStyle = '#d33';
  g.setLineDash([6, 4]);
  g.beginPath();
  g.moveTo(m.l, y(1));
  g.lineTo(W - m.r, y(1));
  g.stroke();
  g.setLineDash([]);
  g.fillStyle = '#d33';
  g.fillText('target 1.0', W - m.r - 70, y(1) - 6);
  o.series.forEach((s, i) => {
    g.strokeStyle = s.color;
    g.fillStyle = s.color;
    g.lineWidth = 2;
    g.beginPath();
    s.points.forEach(([rate, v], j) =>
      j === 0 ? g.moveTo(x(rate), y(v)) : g.lineTo(x(rate), y(v)),
    );
    g.stroke();
    for (const [rate, v] of s.points) {
      g.beginPath();
      g.arc(x(rate), y(v), 4, 0, 2 * Math.PI);
      g.fill();
    }
    g.fillText(s.label, m.l + 10 + i * 90, m.t + 4);
  });
}

export async function drawRatioChart(
  browser: Browser,
  rows: IngestSummary[],
  out: URL,
): Promise<void> {
  const series: Series[] = ([1, 0] as const).map((qos) => ({
    label: `QoS ${qos}`,
    color: qos === 1 ? '#1f6feb' : '#2da44e',
    points: rows
      .filter((r) => r.qos === qos && Number.isFinite(r.ratio))
      .map((r) => [r.offered, r.ratio] as [number, number]),
  }));
  const rates = [...new Set(rows.map((r) => r.offered))].sort((a, b) => a - b);
  const context = await browser.newContext({ viewport: { width: 720, height: 400 } });
  try {
    await context.addInitScript({ content: KEEP_NAMES_SHIM });
    const page = await context.newPage();
    await page.setContent('<!doctype html><body></body>');
    await page.evaluate(draw, {
      series,
      rates,
      title: 'C2D ingest: console ÷ bare mqtt.js page, same run',
    });
    await writeFile(out, await page.locator('#chart').screenshot());
  } finally {
    await context.close();
  }
}

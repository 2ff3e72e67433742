// The trend chart: covered share per release as a vector line chart, the selected release marked.
import type { Formatter } from './i18n.ts';
import type { Box } from './map.ts';
import type { TrendPoint } from './model.ts';
import { COLORS, write, type Doc } from './page.ts';

/** Lower end of the y axis: a multiple of 10 below the lowest value, so small gains stay visible. */
function axisFloor(points: Plotted[]): number {
  const lowest = Math.min(...points.map((p) => p.pct));
  return Math.max(0, Math.floor((lowest - 1) / 10) * 10);
}

function drawAxis(doc: Doc, plot: Box, floor: number, f: Formatter): (pct: number) => number {
  const toY = (pct: number) => plot.y + plot.height - ((pct - floor) / (100 - floor)) * plot.height;
  const step = 100 - floor > 50 ? 20 : 10;
  for (let v = floor; v <= 100; v += step) {
    const y = toY(v);
    doc
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.width, y)
      .lineWidth(0.4)
      .strokeColor(COLORS.rule)
      .stroke();
    write(
      doc,
      f.bound(v),
      { size: 7, color: COLORS.muted },
      { x: plot.x - 40, y: y - 3.5 },
      { width: 36, align: 'right', lineBreak: false },
    );
  }
  return toY;
}

type Plotted = TrendPoint & { pct: number };

/** Releases without addresses (no data) are left out of the line. */
export function drawTrend(doc: Doc, box: Box, all: TrendPoint[], selected: string, f: Formatter): void {
  const points: Plotted[] = all.filter((p) => p.addresses > 0).map((p) => ({ ...p, pct: (100 * p.covered) / p.addresses }));
  const plot: Box = { x: box.x + 44, y: box.y + 14, width: box.width - 60, height: box.height - 34 };
  const toY = drawAxis(doc, plot, axisFloor(points), f);
  // Points stay clear of the axis labels on the left and of the frame on the right.
  const inset = 30;
  const step = points.length > 1 ? (plot.width - 2 * inset) / (points.length - 1) : 0;
  const xs = points.map((_, i) => (points.length > 1 ? plot.x + inset + i * step : plot.x + plot.width / 2));
  points.forEach((p, i) => {
    if (i === 0) doc.moveTo(xs[i], toY(p.pct));
    else doc.lineTo(xs[i], toY(p.pct));
  });
  if (points.length > 1) doc.lineWidth(1.6).strokeColor(COLORS.accent).stroke();
  const labelWidth = Math.max(40, Math.min(70, step || 70));
  points.forEach((p, i) => {
    const isSelected = p.release === selected;
    const y = toY(p.pct);
    doc.circle(xs[i], y, isSelected ? 3.6 : 2.4).fill(isSelected ? COLORS.uncovered : COLORS.accent);
    write(
      doc,
      f.pct(p.covered, p.addresses),
      { size: 7.5, bold: isSelected },
      { x: xs[i] - labelWidth / 2, y: y - 13 },
      { width: labelWidth, align: 'center', lineBreak: false },
    );
    write(
      doc,
      p.release,
      { size: 7.5, bold: isSelected, color: COLORS.muted },
      { x: xs[i] - labelWidth / 2, y: plot.y + plot.height + 5 },
      { width: labelWidth, align: 'center', lineBreak: false },
    );
  });
  doc.x = box.x;
  doc.y = box.y + box.height + 6;
}

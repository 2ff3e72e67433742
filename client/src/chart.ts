// A small SVG line chart of covered % per release, with the goal as a dashed line. Its aria-label
// reads every point, so a screen reader gets the same figures.
import { formatPct } from './i18n.ts';

export interface ChartPoint {
  label: string;
  covered: number;
  addresses: number;
}

interface Plotted extends ChartPoint {
  pct: number;
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 120;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The y range: from a round number below the lowest point (or goal) to 100. */
function yRange(points: Plotted[], goal: number): [number, number] {
  const low = Math.min(goal, ...points.map((p) => p.pct));
  const step = low > 90 ? 1 : low > 50 ? 10 : 25;
  return [Math.max(0, Math.floor((low - step / 2) / step) * step), 100];
}

/** Releases without addresses (no data) are left out of the line. */
export function trendChart(all: ChartPoint[], goalPct: number, title: string): SVGSVGElement {
  const points: Plotted[] = all.filter((p) => p.addresses > 0).map((p) => ({ ...p, pct: (100 * p.covered) / p.addresses }));
  const [y0, y1] = yRange(points, goalPct);
  const x = (i: number) =>
    PAD.left + (points.length < 2 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1));
  const y = (pct: number) => PAD.top + ((y1 - pct) * (H - PAD.top - PAD.bottom)) / (y1 - y0);
  const label = `${title}: ${points.map((p) => `${p.label} ${formatPct(p.covered, p.addresses)}`).join(', ')}`;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label });
  for (const v of [y0, y1]) {
    root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    root.append(svg('text', { x: PAD.left - 4, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, `${v}%`));
  }
  root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(goalPct), y2: y(goalPct), class: 'goal' }));
  root.append(svg('polyline', { points: points.map((p, i) => `${x(i)},${y(p.pct)}`).join(' '), class: 'line' }));
  points.forEach((p, i) => {
    root.append(svg('circle', { cx: x(i), cy: y(p.pct), r: 3, class: 'dot' }, undefined));
    const every = Math.ceil(points.length / 5);
    if (i % every === 0 || i === points.length - 1) {
      // End labels are anchored inwards so they are not cut at the edges.
      const anchor = points.length < 2 ? 'middle' : i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle';
      root.append(svg('text', { x: x(i), y: H - 6, class: 'axis', 'text-anchor': anchor }, p.label));
    }
  });
  return root;
}

// The covered-% colour ramp: ColorBrewer YlGnBu (sequential, colour-blind safe), pale where coverage
// is complete and dark where it lags. Breaks are dense near 100% because that is where the
// remaining gaps are; a linear 0–100 ramp would paint almost every area the same colour.
import type { ExpressionSpecification } from 'maplibre-gl';

export interface RampStop {
  from: number;      // lower bound of the class, in covered %
  color: string;
}

export const RAMP: readonly RampStop[] = [
  { from: 0, color: '#253494' },
  { from: 80, color: '#2c7fb8' },
  { from: 90, color: '#41b6c4' },
  { from: 95, color: '#7fcdbb' },
  { from: 98, color: '#c7e9b4' },
  { from: 99.5, color: '#edf8b1' },
  { from: 100, color: '#ffffd9' },
];

export const NO_DATA_COLOR = '#d9d9d9';
/** Uncovered addresses: orange, the colour-blind-safe opposite of the blue ramp. */
export const UNCOVERED_COLOR = '#e6550d';
export const WATER_COLOR = '#c6dbef';
/** Unserved clusters: purple, apart from both the ramp and the uncovered orange. */
export const CLUSTER_COLOR = '#54278f';

/** MapLibre expression colouring a feature by its `covered_pct` property. */
export function rampExpression(property: string): ExpressionSpecification {
  const [first, ...rest] = RAMP;
  const steps = rest.flatMap((s) => [s.from, s.color]);
  return [
    'case',
    ['==', ['typeof', ['get', property]], 'number'],
    ['step', ['get', property], first.color, ...steps],
    NO_DATA_COLOR,
  ] as ExpressionSpecification;
}

/** The colour of one value, the same as rampExpression draws it (for legend and table swatches). */
export function rampColor(pct: number): string {
  let color = RAMP[0].color;
  for (const s of RAMP) if (pct >= s.from) color = s.color;
  return color;
}

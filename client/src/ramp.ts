// The covered-% colour ramp: ColorBrewer YlGnBu (sequential, colour-blind safe), pale where coverage
// is complete and dark where it lags. Breaks are dense near 100% because that is where the
// remaining gaps are; a linear 0–100 ramp would paint almost every area the same colour.
import type { ExpressionSpecification } from 'maplibre-gl';

export interface RampStop {
  from: number; // lower bound of the class, in covered %
  color: string;
}

// The top two classes (99.5–100 and exactly 100) differ in hue, not only in lightness: a pale
// yellow-green for "almost" and a warm near-white for "complete", so they never read as one.
export const RAMP: readonly RampStop[] = [
  { from: 0, color: '#253494' },
  { from: 80, color: '#2c7fb8' },
  { from: 90, color: '#41b6c4' },
  { from: 95, color: '#7fcdbb' },
  { from: 98, color: '#a8ddb5' },
  { from: 99.5, color: '#d9f0a3' },
  { from: 100, color: '#fff8e1' },
];

export const NO_DATA_COLOR = '#d9d9d9';
/** Uncovered addresses: orange, the colour-blind-safe opposite of the blue ramp. */
export const UNCOVERED_COLOR = '#e6550d';
export const WATER_COLOR = '#c6dbef';
/** Covered addresses (context from zoom 13): grey dots that sit back behind the orange. */
export const COVERED_COLOR = '#5f5f5f';
/**
 * What changed between two releases (Okabe-Ito, colour-blind safe): newly covered addresses blue and
 * filled, lost ones reddish purple and drawn as rings, so shape tells them apart too.
 */
export const NEWLY_COVERED_COLOR = '#0072b2';
export const LOST_COLOR = '#cc79a7';
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

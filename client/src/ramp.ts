// The covered-% colour ramp: ColorBrewer YlGnBu (sequential, colour-blind safe), pale where coverage
// is complete and dark where it lags. The class bounds are the database's (meta.definitions.ramp,
// `atlas init --ramp`): by default dense near 100% because that is where the Dutch gaps are (a linear
// 0–100 ramp would paint almost every area the same colour), wider for a tier that leaves more behind.
import type { ExpressionSpecification } from 'maplibre-gl';
import { DEFAULT_RAMP } from '../../common/definitions.ts';

export interface RampStop {
  from: number; // lower bound of the class, in covered %
  color: string;
}

// Six classes below 100 take these colours, the default's: the top one (99.5–100 there) differs from
// "exactly 100" in hue, not only in lightness (a pale yellow-green for "almost", a warm near-white for
// "complete"), so they never read as one.
const SIX = ['#253494', '#2c7fb8', '#41b6c4', '#7fcdbb', '#a8ddb5', '#d9f0a3'];
/** Other counts take evenly spaced colours of YlGnBu's dark-to-light run. */
const RUN = ['#253494', '#225ea8', '#1d91c0', '#41b6c4', '#7fcdbb', '#c7e9b4', '#edf8b1', '#ffffd9'];
const COMPLETE_COLOR = '#fff8e1';

/** The stops of a ramp with these class bounds (rising, above 0): 0 starts the first class; a bound of 100 is "complete". */
export function rampStops(bounds: readonly number[]): RampStop[] {
  const froms = [0, ...bounds];
  const complete = froms.at(-1) === 100;
  const below = complete ? froms.length - 1 : froms.length;
  const colors =
    below === SIX.length
      ? SIX
      : Array.from({ length: below }, (_, i) => RUN[below === 1 ? 0 : Math.round((i * (RUN.length - 1)) / (below - 1))]);
  return froms.map((from, i) => ({ from, color: i < below ? colors[i] : COMPLETE_COLOR }));
}

/** The ramp in use: the database's, once main.ts has set it from meta. */
export let RAMP: readonly RampStop[] = rampStops(DEFAULT_RAMP);

/** Uses the database's class bounds (meta.definitions.ramp; the default for a site exported before it had them). */
export function setRamp(bounds: readonly number[] | undefined): void {
  RAMP = rampStops(bounds && bounds.length > 0 ? bounds : DEFAULT_RAMP);
}

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

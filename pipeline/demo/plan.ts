// The plan of the demo world, before any address exists: how many addresses each municipality and
// PC4 area gets, how rural each PC4 is, and which share of each municipality stays without gigabit.
// It depends only on the reference data, the scale and the seed, so every release sees the same plan.
import {
  FIBRE_SPREAD,
  LAGGING_REGIONS,
  MAX_UNCOVERED_OF_RURAL,
  NEWEST_UNCOVERED_SHARE,
  RURAL_DENSITY,
  RURAL_SHARE_RANGE,
  URBANITY_WEIGHT,
} from './calibration.ts';
import { AreaShape } from './polygon.ts';
import { PROVIDERS } from './providers.ts';
import { hash32, hashString, unitHash } from './random.ts';
import { DATA_DIR, readMunicipalities, readPostcodeAreas, type Municipality, type PostcodeArea } from './reference.ts';

export interface PostcodePlan {
  area: PostcodeArea;
  addresses: number;
  /** Share of this PC4's addresses in the countryside (outside the village or town). */
  ruralShare: number;
}

export interface MunicipalityPlan {
  municipality: Municipality;
  shape: AreaShape;
  /** Seed of everything drawn for this municipality: independent of the other municipalities. */
  key: number;
  addresses: number;
  postcodes: PostcodePlan[];
  /** Share of its addresses without gigabit in the newest release. */
  uncoveredShare: number;
  /** How far ahead (+) or behind (-) of the national fibre roll-out this municipality is. */
  fibreOffset: number;
  fibreProvider: string;
}

export interface PlanOptions {
  scale: number;
  seed: number;
  dataDir?: string;
}

/** Splits `total` into integers proportional to `weights` (largest remainder; equal split if all 0). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const shares = sum > 0 ? weights.map((w) => (w / sum) * total) : weights.map(() => total / weights.length);
  const counts = shares.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const byRemainder = shares.map((_, i) => i).sort((a, b) => shares[b] - counts[b] - (shares[a] - counts[a]) || a - b);
  for (const i of byRemainder) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return counts;
}

function ruralShareOf(area: PostcodeArea): number {
  const density = area.areaKm2 > 0 ? area.inhabitants / area.areaKm2 : Infinity;
  return Math.min(RURAL_SHARE_RANGE[1], Math.max(RURAL_SHARE_RANGE[0], RURAL_DENSITY / density));
}

function regionWeight(m: Municipality, shape: AreaShape): number {
  const lat = (shape.minLat + shape.maxLat) / 2;
  const region = LAGGING_REGIONS.find((r) => r.provinceCode === m.provinceCode && (r.maxLat === undefined || lat <= r.maxLat));
  return region?.weight ?? 1;
}

/** Weight of a municipality in the remaining gap: rural, low-density and in a lagging region. */
function gapWeight(m: Municipality, shape: AreaShape): number {
  return (URBANITY_WEIGHT[m.urbanity] ?? 1) * Math.sqrt(1000 / Math.max(1, m.addressDensity)) * regionWeight(m, shape);
}

/**
 * Per-municipality uncovered shares proportional to their gap weight, capped by their countryside
 * share, scaled (bisection) so that the national total meets NEWEST_UNCOVERED_SHARE.
 */
function spreadUncovered(weights: number[], caps: number[], sizes: number[]): number[] {
  const total = sizes.reduce((s, n) => s + n, 0);
  const uncoveredAt = (c: number) => weights.reduce((s, w, i) => s + Math.min(c * w, caps[i]) * sizes[i], 0);
  let lo = 0;
  let hi = 1;
  while (uncoveredAt(hi) < NEWEST_UNCOVERED_SHARE * total && hi < 1e6) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (uncoveredAt(mid) < NEWEST_UNCOVERED_SHARE * total) lo = mid;
    else hi = mid;
  }
  return weights.map((w, i) => Math.min(hi * w, caps[i]));
}

export function planWorld({ scale, seed, dataDir = DATA_DIR }: PlanOptions): MunicipalityPlan[] {
  if (!(scale > 0 && scale <= 10)) throw new Error(`demo scale must be a number in (0, 10], got ${scale}.`);
  const municipalities = readMunicipalities(dataDir);
  const areasBy = new Map<string, PostcodeArea[]>();
  for (const area of readPostcodeAreas(dataDir)) {
    areasBy.set(area.municipalityCode, [...(areasBy.get(area.municipalityCode) ?? []), area]);
  }

  const plans = municipalities.map((municipality) => {
    const areas = areasBy.get(municipality.code) ?? [];
    if (areas.length === 0) throw new Error(`data: municipality ${municipality.code} has no PC4 area in the postcode file.`);
    const key = hash32(seed, hashString(municipality.code));
    const addresses = Math.max(1, Math.round(municipality.dwellings * scale));
    // Scaling the 2021 PC4 inhabitants to the municipality's 2024 total keeps their proportions.
    const counts = apportion(
      addresses,
      areas.map((a) => a.inhabitants),
    );
    const postcodes = areas
      .map((area, i) => ({ area, addresses: counts[i], ruralShare: ruralShareOf(area) }))
      .filter((p) => p.addresses > 0);
    const fibreIndex = Math.floor(unitHash(key, 1) * PROVIDERS.fibre.length);
    return {
      municipality,
      shape: new AreaShape(municipality.geometry),
      key,
      addresses,
      postcodes,
      uncoveredShare: 0,
      fibreOffset: (unitHash(key, 2) * 2 - 1) * FIBRE_SPREAD,
      fibreProvider: PROVIDERS.fibre[fibreIndex],
    };
  });

  const ruralShares = plans.map((p) => p.postcodes.reduce((s, pc) => s + pc.addresses * pc.ruralShare, 0) / p.addresses);
  const shares = spreadUncovered(
    plans.map((p) => gapWeight(p.municipality, p.shape)),
    ruralShares.map((r) => r * MAX_UNCOVERED_OF_RURAL),
    plans.map((p) => p.addresses),
  );
  plans.forEach((p, i) => {
    p.uncoveredShare = shares[i];
  });
  return plans;
}

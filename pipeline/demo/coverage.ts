// Which networks reach each demo address in each release. Every address gets a plan once (when fibre
// and cable gigabit arrive, or never); a release only reads the plan, so an address covered in one
// release stays covered in all later ones. The last addresses to get gigabit are the countryside
// addresses ranked highest by a smooth spatial field, so the remaining gap forms rural patches.
import { CABLE_REACH, DEMO_RELEASES, NO_CABLE_FIBRE_SHARE } from './calibration.ts';
import type { DemoAddress } from './addresses.ts';
import { patchField } from './noise.ts';
import type { MunicipalityPlan } from './plan.ts';
import { PROVIDERS } from './providers.ts';
import { unitHash } from './random.ts';

const LAST = DEMO_RELEASES.length - 1;
/** Release index meaning "not in any demo release". */
export const NEVER = DEMO_RELEASES.length;

export interface CoveragePlan {
  /** Release index from which FTTH is offered (NEVER: not by the newest release). */
  fibreAt: number;
  fibreProvider: string;
  /** A second fibre network overbuilt here (from the release after fibreAt). */
  secondFibre: string | null;
  cable: boolean;
  cableGigabitAt: number;
}

// Salts naming each independent per-address draw.
const Draw = {
  Rank: 10,
  Cable: 11,
  CableUpgrade: 12,
  Fibre: 13,
  RuralFibre: 14,
  Overbuild: 15,
  MultiGig: 16,
  MultiGigSpeed: 17,
  CopperOff: 18,
  NoCopper: 19,
  Dsl: 20,
  DslSpeed: 21,
  Wireless: 22,
  Satellite: 23,
  SatelliteSpeed: 24,
} as const;

function firstRelease(u: number, shareAt: (r: number) => number): number {
  for (let r = 0; r <= LAST; r++) if (u < shareAt(r)) return r;
  return NEVER;
}

/** Ranks the addresses by how late gigabit comes: new builds never, countryside patches last. */
function lateness(addresses: readonly DemoAddress[], seed: number): Float64Array {
  const late = new Float64Array(addresses.length);
  addresses.forEach((a, i) => {
    const field = patchField(seed, a.lon, a.lat);
    late[i] = a.born > 0 ? -1 : (a.rural ? 1 + field : 0.5 * field) + 0.02 * unitHash(a.key, Draw.Rank);
  });
  return late;
}

export function planCoverage(addresses: readonly DemoAddress[], plan: MunicipalityPlan, seed: number): CoveragePlan[] {
  const n = addresses.length;
  const late = lateness(addresses, seed);
  const order = [...late.keys()].sort((a, b) => late[b] - late[a] || a - b);
  const rank = new Float64Array(n);
  order.forEach((i, pos) => {
    rank[i] = 1 - pos / n;
  });
  const existing = addresses.filter((a) => a.born === 0).length;
  const gap = Math.min(existing, Math.floor(plan.uncoveredShare * n + unitHash(plan.key, 3)));
  const gapRank = 1 - gap / n;
  const fibreFor = (r: number) => {
    const spread = plan.fibreOffset * (1 - r / LAST);
    return Math.min(1, Math.max(0, DEMO_RELEASES[r].fibreShare / (1 - plan.uncoveredShare) + spread));
  };

  const stuck = addresses.map((_, i) => rank[i] > gapRank);
  const cable = addresses.map((a, i) => !stuck[i] && unitHash(a.key, Draw.Cable) < (a.rural ? CABLE_REACH.rural : CABLE_REACH.core));
  // Without cable, fibre comes last where the gap stays longest (plus some chance), so the earlier
  // gaps form patches too; ranking that score among those addresses makes it uniform in [0, 1).
  const waiting = order.filter((i) => !cable[i] && !stuck[i] && addresses[i].born === 0);
  const score = new Float64Array(n);
  waiting.forEach((i, pos) => {
    score[i] = 0.6 * (1 - pos / waiting.length) + 0.4 * unitHash(addresses[i].key, Draw.Fibre);
  });
  const waitRank = new Float64Array(n);
  waiting
    .sort((a, b) => score[a] - score[b] || a - b)
    .forEach((i, pos) => {
      waitRank[i] = pos / waiting.length;
    });

  return addresses.map((a, i) => {
    const u = unitHash(a.key, Draw.Fibre);
    const fibreAt =
      a.born > 0
        ? a.born
        : stuck[i]
          ? NEVER
          : cable[i]
            ? firstRelease(u, fibreFor)
            : firstRelease(waitRank[i], (r) => NO_CABLE_FIBRE_SHARE[r]);
    const ruralBuild = a.rural && fibreAt >= 1 && fibreAt < NEVER && unitHash(a.key, Draw.RuralFibre) < 0.5;
    const fibreIndex = PROVIDERS.fibre.indexOf(plan.fibreProvider as (typeof PROVIDERS.fibre)[number]);
    return {
      fibreAt,
      fibreProvider: ruralBuild ? PROVIDERS.ruralFibre : plan.fibreProvider,
      secondFibre: !a.rural && unitHash(a.key, Draw.Overbuild) < 0.12 ? PROVIDERS.fibre[(fibreIndex + 1) % PROVIDERS.fibre.length] : null,
      cable: cable[i],
      cableGigabitAt: cable[i] ? firstRelease(unitHash(a.key, Draw.CableUpgrade), (r) => DEMO_RELEASES[r].cableGigabitShare) : NEVER,
    };
  });
}

const pick = <T>(options: readonly T[], u: number): T => options[Math.floor(u * options.length)];

/** The CSV tail (provider .. max_up_mbps) of every offer at an address in release r. */
export function offersAt(a: DemoAddress, plan: CoveragePlan, r: number): string[] {
  const release = DEMO_RELEASES[r];
  const offers: string[] = [];
  const fibre = plan.fibreAt <= r;
  if (fibre) {
    const multi = unitHash(a.key, Draw.MultiGig) < release.multiGigShare;
    const speed = multi ? pick([2000, 4000, 8000], unitHash(a.key, Draw.MultiGigSpeed)) : 1000;
    offers.push(`${plan.fibreProvider},FTTH,${speed},${speed}`);
    if (plan.secondFibre && plan.fibreAt < r) offers.push(`${plan.secondFibre},FTTH,1000,1000`);
  }
  const cableGigabit = plan.cableGigabitAt <= r;
  if (plan.cable) offers.push(cableGigabit ? `${PROVIDERS.cable},DOCSIS3.1,1000,50` : `${PROVIDERS.cable},DOCSIS3.0,400,40`);
  const copperOff = plan.fibreAt < r && unitHash(a.key, Draw.CopperOff) < release.copperOffShare;
  const noCopper = unitHash(a.key, Draw.NoCopper) < (plan.fibreAt === NEVER ? 0.12 : 0.01);
  if (!copperOff && !noCopper) {
    const vdsl = unitHash(a.key, Draw.Dsl) < (a.rural ? 0.7 : 0.97);
    const u = unitHash(a.key, Draw.DslSpeed);
    offers.push(
      vdsl
        ? `${PROVIDERS.copper},VDSL,${pick(a.rural ? [50, 100, 100, 200] : [100, 100, 200, 50], u)},${a.rural ? 20 : 30}`
        : `${PROVIDERS.copper},ADSL,${8 + Math.floor(u * 17)},1`,
    );
  }
  if (!fibre && !cableGigabit) {
    if (unitHash(a.key, Draw.Wireless) < release.wirelessShare) offers.push(`${PROVIDERS.wireless},FWA,50,10`);
    if (unitHash(a.key, Draw.Satellite) < release.satelliteShare) {
      offers.push(`${PROVIDERS.satellite},SATELLITE,${pick([150, 220, 300], unitHash(a.key, Draw.SatelliteSpeed))},20`);
    }
  }
  return offers;
}

/** Whether the address has a gigabit offer in release r. */
export function isGigabit(plan: CoveragePlan, r: number): boolean {
  return plan.fibreAt <= r || plan.cableGigabitAt <= r;
}

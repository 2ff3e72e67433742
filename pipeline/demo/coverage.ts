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

/**
 * Every offer tail the demo writes, made once: an address's offers are taken from here instead of
 * being formatted per address (the same text, and a receiver can key on the string).
 */
const FIBRE_SPEEDS = [1000, 2000, 4000, 8000] as const;
const FIBRE_TAILS = new Map<string, ReadonlyMap<number, string>>(
  [...PROVIDERS.fibre, PROVIDERS.ruralFibre].map((p) => [p, new Map(FIBRE_SPEEDS.map((s) => [s, `${p},FTTH,${s},${s}`]))]),
);
const CABLE_GIGABIT_TAIL = `${PROVIDERS.cable},DOCSIS3.1,1000,50`;
const CABLE_TAIL = `${PROVIDERS.cable},DOCSIS3.0,400,40`;
const VDSL_DOWN = { rural: [50, 100, 100, 200], core: [100, 100, 200, 50] } as const;
const vdslTails = (downs: readonly number[], up: number) => downs.map((d) => `${PROVIDERS.copper},VDSL,${d},${up}`);
const VDSL_TAILS = { rural: vdslTails(VDSL_DOWN.rural, 20), core: vdslTails(VDSL_DOWN.core, 30) };
const ADSL_TAILS = Array.from({ length: 17 }, (_, i) => `${PROVIDERS.copper},ADSL,${8 + i},1`);
const FWA_TAIL = `${PROVIDERS.wireless},FWA,50,10`;
const SATELLITE_TAILS = [150, 220, 300].map((d) => `${PROVIDERS.satellite},SATELLITE,${d},20`);

function fibreTail(provider: string, speed: number): string {
  const tail = FIBRE_TAILS.get(provider)?.get(speed);
  if (tail === undefined) throw new Error(`demo: no offer text for fibre provider '${provider}' at ${speed} Mbit/s.`);
  return tail;
}

/** The CSV tails (provider .. max_up_mbps) of every offer at an address in release r, into `offers` (emptied first). */
export function offersAt(a: DemoAddress, plan: CoveragePlan, r: number, offers: string[]): void {
  const release = DEMO_RELEASES[r];
  offers.length = 0;
  const fibre = plan.fibreAt <= r;
  if (fibre) {
    const multi = unitHash(a.key, Draw.MultiGig) < release.multiGigShare;
    const speed = multi ? pick([2000, 4000, 8000], unitHash(a.key, Draw.MultiGigSpeed)) : 1000;
    offers.push(fibreTail(plan.fibreProvider, speed));
    if (plan.secondFibre && plan.fibreAt < r) offers.push(fibreTail(plan.secondFibre, 1000));
  }
  const cableGigabit = plan.cableGigabitAt <= r;
  if (plan.cable) offers.push(cableGigabit ? CABLE_GIGABIT_TAIL : CABLE_TAIL);
  const copperOff = plan.fibreAt < r && unitHash(a.key, Draw.CopperOff) < release.copperOffShare;
  const noCopper = unitHash(a.key, Draw.NoCopper) < (plan.fibreAt === NEVER ? 0.12 : 0.01);
  if (!copperOff && !noCopper) {
    const vdsl = unitHash(a.key, Draw.Dsl) < (a.rural ? 0.7 : 0.97);
    const u = unitHash(a.key, Draw.DslSpeed);
    offers.push(vdsl ? pick(a.rural ? VDSL_TAILS.rural : VDSL_TAILS.core, u) : ADSL_TAILS[Math.floor(u * 17)]);
  }
  if (!fibre && !cableGigabit) {
    if (unitHash(a.key, Draw.Wireless) < release.wirelessShare) offers.push(FWA_TAIL);
    if (unitHash(a.key, Draw.Satellite) < release.satelliteShare) {
      offers.push(pick(SATELLITE_TAILS, unitHash(a.key, Draw.SatelliteSpeed)));
    }
  }
}

/** Whether the address has a gigabit offer in release r. */
export function isGigabit(plan: CoveragePlan, r: number): boolean {
  return plan.fibreAt <= r || plan.cableGigabitAt <= r;
}

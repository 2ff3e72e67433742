// Coverage figures as every response reports them, and the classes a threshold stands for.
import { downClassFor, upClassFor } from '../../common/constants.ts';
import type { Counts, Threshold } from '../../common/types.ts';

/** Percentage with two decimals; 0 for an empty set. */
export function coveredPct(covered: number, addresses: number): number {
  return addresses === 0 ? 0 : Math.round((covered / addresses) * 10000) / 100;
}

export function counts(addresses: number, covered: number): Counts {
  return { addresses, covered, uncovered: addresses - covered, covered_pct: coveredPct(covered, addresses) };
}

/** SQL parameters of "covered": best download class >= dc and best upload class >= uc. */
export function coverClasses(threshold: Threshold): { dc: number; uc: number } {
  return { dc: downClassFor(threshold.down), uc: upClassFor(threshold.up ?? undefined) };
}

// Coverage figures as every response reports them, and the classes a threshold stands for.
import { downClassFor, upClassFor } from '../../common/constants.ts';
import { percentOf } from '../../common/percent.ts';
import type { Counts, Threshold } from '../../common/types.ts';

export function counts(addresses: number, covered: number): Counts {
  return { addresses, covered, uncovered: addresses - covered, covered_pct: percentOf(covered, addresses) };
}

/** SQL parameters of "covered": best download class >= dc and best upload class >= uc. */
export function coverClasses(threshold: Threshold): { dc: number; uc: number } {
  return { dc: downClassFor(threshold.down), uc: upClassFor(threshold.up ?? undefined) };
}

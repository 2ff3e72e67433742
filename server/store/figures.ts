// Coverage figures as every response reports them, and the classes a threshold stands for.
import { downClassIn, upClassIn, type ClassThresholds } from '../../common/definitions.ts';
import { percentOf } from '../../common/percent.ts';
import type { Counts, Threshold } from '../../common/types.ts';

export function counts(addresses: number, covered: number): Counts {
  return { addresses, covered, uncovered: addresses - covered, covered_pct: percentOf(covered, addresses) };
}

/**
 * SQL parameters of "covered": best download class >= dc and best upload class >= uc; with fixed
 * (fixed_only), the classes of the best offer that is not wireless. The classes are positions in the
 * database's thresholds (its coverage definitions), which a threshold must be one of.
 */
export function coverClasses(threshold: Threshold, t: ClassThresholds): { dc: number; uc: number; fixed: 0 | 1 } {
  return { dc: downClassIn(t, threshold.down), uc: upClassIn(t, threshold.up), fixed: threshold.fixed_only ? 1 : 0 };
}

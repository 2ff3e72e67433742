// The figures of /api/v1/changes for one area or every area of a level: the stored (or computed) class-pair
// counts of the pair at the threshold, with each release's own address and uncovered counts (area_stats).
// Shared by the API and the GeoPackage export.
import type { AreaChange, ChangeFigures } from '../common/api.ts';
import type { AreaLevel } from '../common/constants.ts';
import type { Counts, Threshold } from '../common/types.ts';
import type { Store } from './store/index.ts';
import type { Release } from './store/releases.ts';

export interface Pair {
  from: Release;
  to: Release;
  threshold: Threshold;
}

const NONE: Counts = { addresses: 0, covered: 0, uncovered: 0, covered_pct: null };

function combine(changed: ReturnType<Store['changes']['figures']>, before: Counts, after: Counts): ChangeFigures {
  return {
    addresses_from: before.addresses,
    addresses_to: after.addresses,
    ...changed,
    net_change_uncovered: after.uncovered - before.uncovered,
  };
}

/** The figures of one area (level and code; the nation is 'all', ''). */
export function areaChangeFigures(store: Store, pair: Pair, level: string, code: string): ChangeFigures {
  const diff = store.changes.pair(pair.from.id, pair.to.id);
  const scope = { level, code };
  return combine(
    store.changes.figures(diff, level, code, pair.threshold),
    store.stats.figures({ release: pair.from.id, ...scope }, pair.threshold),
    store.stats.figures({ release: pair.to.id, ...scope }, pair.threshold),
  );
}

/** The figures of every area of a level, by name (a new array each time; the figures are computed once per pair, level and threshold). */
export function levelChangeFigures(store: Store, pair: Pair, level: AreaLevel): AreaChange[] {
  const { from, to, threshold } = pair;
  const key = `level/${from.id}>${to.id}/${level}/${threshold.down}/${threshold.up ?? ''}`;
  return [...store.changes.memo(key, () => computeLevel(store, pair, level))];
}

function computeLevel(store: Store, pair: Pair, level: AreaLevel): readonly AreaChange[] {
  const diff = store.changes.pair(pair.from.id, pair.to.id);
  const before = new Map(store.stats.areas(pair.from.id, level, pair.threshold).map((a) => [a.code, a]));
  return store.stats.areas(pair.to.id, level, pair.threshold).map((after) => ({
    code: after.code,
    name: after.name,
    level: after.level,
    ...combine(store.changes.figures(diff, level, after.code, pair.threshold), before.get(after.code) ?? NONE, after),
  }));
}

// The `progress` member of /api/v1/summary and /api/v1/areas/{code}: progress towards the goal from
// the area's trend up to the viewed release, its rank among the areas of its level, and the parent's
// and the nation's covered % beside its own.
import type { AreaProgress } from '../common/api.ts';
import type { Threshold } from '../common/types.ts';
import { progressOf, rankOf, type Goal } from './progress.ts';
import type { Area } from './store/areas.ts';
import type { Store } from './store/index.ts';
import type { Release } from './store/releases.ts';
import { NATIONAL } from './store/stats.ts';

type Trend = ReturnType<Store['trend']>;

/** A trend (every release, oldest first) cut after the viewed release. */
function upTo(store: Store, trend: Trend, release: Release): Trend {
  const end = store.releases.list().findIndex((r) => r.id === release.id);
  return trend.slice(0, end + 1);
}

export function nationalProgress(store: Store, release: Release, threshold: Threshold, goal: Goal): AreaProgress {
  const national = store.stats.figures({ release: release.id, ...NATIONAL }, threshold);
  return { ...progressOf(upTo(store, store.trend(NATIONAL, threshold), release), goal), national_covered_pct: national.covered_pct };
}

/** Progress of an area whose `trend` (from store.trend) the caller already holds. */
export function areaProgress(store: Store, area: Area, trend: Trend, release: Release, threshold: Threshold, goal: Goal): AreaProgress {
  const national = store.stats.figures({ release: release.id, ...NATIONAL }, threshold);
  const parent = area.parent_code ? store.areas.find(area.parent_code) : undefined;
  const parentFigures = parent ? store.stats.figures({ release: release.id, level: parent.level, code: parent.code }, threshold) : null;
  const peers = store.stats.areas(release.id, area.level, threshold);
  const rank = rankOf(area.code, peers);
  return {
    ...progressOf(upTo(store, trend, release), goal),
    rank: rank?.rank ?? null,
    rank_of: rank?.rank_of ?? peers.filter((a) => a.addresses > 0).length,
    parent_code: parent?.code ?? null,
    parent_covered_pct: parentFigures?.covered_pct ?? null,
    national_covered_pct: national.covered_pct,
  };
}

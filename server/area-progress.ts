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

/** The trend of a scope up to and including the viewed release. */
function trendUpTo(store: Store, scope: { level: string; code: string }, release: Release, threshold: Threshold) {
  const trend = store.trend(scope, threshold);
  const end = store.releases.list().findIndex((r) => r.id === release.id);
  return trend.slice(0, end + 1);
}

function pctOrNull(figures: { addresses: number; covered_pct: number | null }): number | null {
  return figures.addresses === 0 ? null : figures.covered_pct;
}

export function nationalProgress(store: Store, release: Release, threshold: Threshold, goal: Goal): AreaProgress {
  const national = store.stats.figures({ release: release.id, ...NATIONAL }, threshold);
  return { ...progressOf(trendUpTo(store, NATIONAL, release, threshold), goal), national_covered_pct: pctOrNull(national) };
}

export function areaProgress(store: Store, area: Area, release: Release, threshold: Threshold, goal: Goal): AreaProgress {
  const national = store.stats.figures({ release: release.id, ...NATIONAL }, threshold);
  const parent = area.parent_code ? store.areas.find(area.parent_code) : undefined;
  const parentFigures = parent ? store.stats.figures({ release: release.id, level: parent.level, code: parent.code }, threshold) : null;
  const peers = store.stats.areas(release.id, area.level, threshold);
  const rank = rankOf(area.code, peers);
  return {
    ...progressOf(trendUpTo(store, area, release, threshold), goal),
    rank: rank?.rank ?? null,
    rank_of: rank?.rank_of ?? peers.filter((a) => a.addresses > 0).length,
    parent_code: parent?.code ?? null,
    parent_covered_pct: parentFigures ? pctOrNull(parentFigures) : null,
    national_covered_pct: pctOrNull(national),
  };
}

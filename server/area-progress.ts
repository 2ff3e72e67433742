// The `progress` member of /api/v1/summary and /api/v1/areas/{code}: progress towards the goal from
// the area's trend up to the viewed release, its rank among the areas of its level, and the parent's
// and the nation's covered % beside its own; and the progress of every area of a level at once, for
// the list's `progress=true`.
import type { AreaListItem, AreaListProgress, AreaProgress } from '../common/api.ts';
import type { AreaLevel } from '../common/constants.ts';
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
    parent_name: parent?.name ?? null,
    parent_level: parent?.level ?? null,
    parent_covered_pct: parentFigures?.covered_pct ?? null,
    national_covered_pct: national.covered_pct,
  };
}

/**
 * Progress and rank of every area of `level`, by code: one figures query per release up to the viewed
 * one (never one per area), each area's series then as areaProgress reads it from its trend.
 */
export function levelProgress(
  store: Store,
  level: AreaLevel,
  release: Release,
  threshold: Threshold,
  goal: Goal,
): Map<string, AreaListProgress> {
  const releases = store.releases.list();
  const upToViewed = releases.slice(0, releases.findIndex((r) => r.id === release.id) + 1);
  const perRelease = upToViewed.map((r) => ({
    as_of: r.as_of,
    areas: new Map(store.stats.areas(r.id, level, threshold).map((a) => [a.code, a])),
  }));
  const peers = [...(perRelease.at(-1)?.areas.values() ?? [])];
  const out = new Map<string, AreaListProgress>();
  for (const area of peers) {
    const series = perRelease.map(({ as_of, areas }) => {
      const a = areas.get(area.code);
      return { as_of, addresses: a?.addresses ?? 0, uncovered: a?.uncovered ?? 0 };
    });
    const { to_go, needed_per_year, recent_per_year, projected_year, status } = progressOf(series, goal);
    const rank = rankOf(area.code, peers);
    out.set(area.code, {
      to_go,
      needed_per_year,
      recent_per_year,
      projected_year,
      status,
      rank: rank?.rank ?? null,
      rank_of: rank?.rank_of ?? peers.filter((a) => a.addresses > 0).length,
    });
  }
  return out;
}

/**
 * The areas of `level` inside `parent` (every area of the level when null), by name, each with its
 * progress and rank among the whole level when `goal` is given: the list route and a province report.
 */
export function areasWithin(
  store: Store,
  level: AreaLevel,
  parent: string | null,
  release: Release,
  threshold: Threshold,
  goal: Goal | null,
): AreaListItem[] {
  const areas = store.stats.areasWithParent(release.id, level, threshold).filter((a) => parent === null || a.parent_code === parent);
  if (!goal) return areas;
  const progress = levelProgress(store, level, release, threshold, goal);
  return areas.map((a) => ({ ...a, progress: progress.get(a.code) }));
}

/** The level of the areas inside `code` (a province's: municipality), or null when it has none. */
export function childLevel(store: Store, code: string): AreaLevel | null {
  const first = store.areas.childCodes(code)[0];
  return first === undefined ? null : (store.areas.find(first)?.level ?? null);
}

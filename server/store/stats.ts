// Coverage figures from the precomputed aggregates (sums of class rows; never a scan of addresses).
import { DOWN_THRESHOLDS, type AreaLevel } from '../../common/constants.ts';
import type { AreaSummary, Counts, ProviderCount, SpeedClass, TechnologyCount, Threshold } from '../../common/api.ts';
import type { DB } from './db.ts';
import { counts, coverClasses } from './figures.ts';

/** Level and code the aggregates use for the whole data set. */
export const NATIONAL = { level: 'all', code: '' } as const;

interface Scope {
  release: number;
  level: string;
  code: string;
}
type Bind = Scope & { dc: number; uc: number; fixed: 0 | 1 };
interface SumRow {
  addresses: number;
  covered: number;
}

const SUMS = `COALESCE(SUM(addresses), 0) AS addresses,
  COALESCE(SUM(CASE WHEN down_class >= @dc AND up_class >= @uc THEN addresses ELSE 0 END), 0) AS covered`;
// fixed_only halves: each counts every address once, by the classes of its best (fixed-line) offer.
const SCOPE = 'release_id = @release AND level = @level AND area_code = @code AND fixed_only = @fixed';

export function createStatsStore(db: DB) {
  const total = db.prepare<Bind, SumRow>(`SELECT ${SUMS} FROM area_stats WHERE ${SCOPE}`);
  const byTechnology = db.prepare<Bind, SumRow & { technology: string }>(
    `SELECT technology, ${SUMS} FROM area_stats WHERE ${SCOPE} GROUP BY technology ORDER BY addresses DESC, technology`,
  );
  const byProvider = db.prepare<Omit<Bind, 'fixed'>, SumRow & { provider: string }>(
    `SELECT provider, ${SUMS} FROM provider_stats WHERE release_id = @release AND level = @level AND area_code = @code
      GROUP BY provider ORDER BY addresses DESC, provider`,
  );
  const byDownClass = db.prepare<Scope & { fixed: 0 | 1 }, { down_class: number; addresses: number }>(
    `SELECT down_class, SUM(addresses) AS addresses FROM area_stats WHERE ${SCOPE} GROUP BY down_class`,
  );
  const areaList = db.prepare<
    { release: number; level: string; dc: number; uc: number; fixed: 0 | 1 },
    SumRow & { code: string; name: string; level: AreaLevel; parent_code: string | null }
  >(
    `SELECT a.code, a.name, a.level, a.parent_code,
            COALESCE(SUM(s.addresses), 0) AS addresses,
            COALESCE(SUM(CASE WHEN s.down_class >= @dc AND s.up_class >= @uc THEN s.addresses ELSE 0 END), 0) AS covered
       FROM areas a LEFT JOIN area_stats s
         ON s.release_id = @release AND s.level = a.level AND s.area_code = a.code AND s.fixed_only = @fixed
      WHERE a.level = @level GROUP BY a.code ORDER BY a.name`,
  );

  const bind = (scope: Scope, threshold: Threshold): Bind => ({ ...scope, ...coverClasses(threshold) });
  // provider_stats has no fixed_only half: a provider's figures are by its own best offer (docs/api.md).
  const providerBind = (scope: Scope, threshold: Threshold) => {
    const { fixed: _fixed, ...classes } = coverClasses(threshold);
    return { ...scope, ...classes };
  };
  const withParent = (release: number, level: AreaLevel, threshold: Threshold): (AreaSummary & { parent_code: string | null })[] =>
    areaList
      .all({ release, level, ...coverClasses(threshold) })
      .map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parent_code, ...counts(r.addresses, r.covered) }));

  return {
    /** Figures of one area (or NATIONAL) in one release. */
    figures(scope: Scope, threshold: Threshold): Counts {
      const row = total.get(bind(scope, threshold))!;
      return counts(row.addresses, row.covered);
    },
    byTechnology(scope: Scope, threshold: Threshold): TechnologyCount[] {
      return byTechnology.all(bind(scope, threshold)).map((r) => ({ technology: r.technology, ...counts(r.addresses, r.covered) }));
    },
    /** Per provider: the addresses it serves and those where its best offer meets the threshold. */
    byProvider(scope: Scope, threshold: Threshold): ProviderCount[] {
      return byProvider.all(providerBind(scope, threshold)).map((r) => ({ provider: r.provider, ...counts(r.addresses, r.covered) }));
    },
    /** Addresses per download class: [0, 30), [30, 100), [100, 1000), [1000, ∞) with the default thresholds (of fixed-line offers with fixed_only). */
    speedClasses(scope: Scope, threshold: Pick<Threshold, 'fixed_only'>): SpeedClass[] {
      const found = new Map(byDownClass.all({ ...scope, fixed: threshold.fixed_only ? 1 : 0 }).map((r) => [r.down_class, r.addresses]));
      const bounds = [0, ...DOWN_THRESHOLDS];
      return bounds.map((min, k) => ({ class: k, down_min: min, down_max: bounds[k + 1] ?? null, addresses: found.get(k) ?? 0 }));
    },
    /** Every area of a level with its figures, by name. */
    areas(release: number, level: AreaLevel, threshold: Threshold): AreaSummary[] {
      return withParent(release, level, threshold).map(({ parent_code: _, ...a }) => a);
    },
    /** The same, each with the code of its parent area (null for a top level). */
    areasWithParent: withParent,
  };
}
export type StatsStore = ReturnType<typeof createStatsStore>;

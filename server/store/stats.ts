// Coverage figures from the precomputed aggregates (sums of class rows; never a scan of addresses).
import type { AreaLevel } from '../../common/constants.ts';
import { MAX_THRESHOLDS, type CoverageDefinitions } from '../../common/definitions.ts';
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

/** Room for the download and upload classes of any database's definitions (0 .. MAX_THRESHOLDS). */
const DOWN_CLASSES = MAX_THRESHOLDS + 1;
const UP_CLASSES = MAX_THRESHOLDS + 1;
const CELLS = DOWN_CLASSES * UP_CLASSES;

/**
 * Every area of a level in one release with its addresses at every threshold at once: per area, the
 * addresses whose classes are >= (dc, uc) for each class pair (suffix sums), so any threshold's counts are
 * one lookup. Read once and then reused for every threshold (the changes figures of a whole level).
 */
export interface ClassTable {
  areas: { code: string; name: string; level: AreaLevel }[];
  /** areas.length × DOWN_CLASSES × UP_CLASSES addresses at or above each class pair. */
  atLeast: Float64Array;
}

/** An area's figures (by its index in the table) at a threshold's classes. */
export function classTableCounts(table: ClassTable, index: number, dc: number, uc: number): Counts {
  const base = index * CELLS;
  return counts(table.atLeast[base], table.atLeast[base + dc * UP_CLASSES + uc]);
}

/** Bytes a class table holds, roughly (its array and ~100 bytes per area entry). */
export function classTableBytes(table: ClassTable): number {
  return table.atLeast.byteLength + table.areas.length * 100;
}

/** `definitions`: the database's coverage definitions (what a threshold's classes are counted against). */
export function createStatsStore(db: DB, definitions: () => CoverageDefinitions) {
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

  const classRows = db.prepare<
    { release: number; level: string; fixed: 0 | 1 },
    { code: string; name: string; level: AreaLevel; down_class: number | null; up_class: number | null; addresses: number | null }
  >(
    `SELECT a.code, a.name, a.level, s.down_class, s.up_class, SUM(s.addresses) AS addresses
       FROM areas a LEFT JOIN area_stats s
         ON s.release_id = @release AND s.level = a.level AND s.area_code = a.code AND s.fixed_only = @fixed
      WHERE a.level = @level GROUP BY a.code, s.down_class, s.up_class ORDER BY a.name, a.code`,
  );

  const bind = (scope: Scope, threshold: Threshold): Bind => ({ ...scope, ...coverClasses(threshold, definitions()) });
  // provider_stats has no fixed_only half: a provider's figures are by its own best offer (docs/api.md).
  const providerBind = (scope: Scope, threshold: Threshold) => {
    const { fixed: _fixed, ...classes } = coverClasses(threshold, definitions());
    return { ...scope, ...classes };
  };
  const withParent = (release: number, level: AreaLevel, threshold: Threshold): (AreaSummary & { parent_code: string | null })[] =>
    areaList
      .all({ release, level, ...coverClasses(threshold, definitions()) })
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
    /** Addresses per download class: [0, 30), [30, 100), [100, 1000), [1000, ∞) with the NL thresholds (of fixed-line offers with fixed_only). */
    speedClasses(scope: Scope, threshold: Pick<Threshold, 'fixed_only'>): SpeedClass[] {
      const found = new Map(byDownClass.all({ ...scope, fixed: threshold.fixed_only ? 1 : 0 }).map((r) => [r.down_class, r.addresses]));
      const bounds = [0, ...definitions().down];
      return bounds.map((min, k) => ({ class: k, down_min: min, down_max: bounds[k + 1] ?? null, addresses: found.get(k) ?? 0 }));
    },
    /** Every area of a level with its figures, by name. */
    areas(release: number, level: AreaLevel, threshold: Threshold): AreaSummary[] {
      return withParent(release, level, threshold).map(({ parent_code: _, ...a }) => a);
    },
    /** The same, each with the code of its parent area (null for a top level). */
    areasWithParent: withParent,
    /** Every area of a level (by name) with its addresses per class pair, for every threshold at once. */
    classTable(release: number, level: AreaLevel, fixed: 0 | 1): ClassTable {
      const areas: ClassTable['areas'] = [];
      const perClass: { area: number; cell: number; addresses: number }[] = [];
      for (const r of classRows.iterate({ release, level, fixed })) {
        if (areas.at(-1)?.code !== r.code) areas.push({ code: r.code, name: r.name, level: r.level });
        if (r.down_class === null || r.up_class === null) continue;
        perClass.push({ area: areas.length - 1, cell: r.down_class * UP_CLASSES + r.up_class, addresses: r.addresses ?? 0 });
      }
      const atLeast = new Float64Array(areas.length * CELLS);
      for (const c of perClass) atLeast[c.area * CELLS + c.cell] += c.addresses;
      // Suffix sums over both classes: cell (d, u) then holds the addresses with down >= d and up >= u.
      for (let a = 0; a < areas.length; a++) {
        const base = a * CELLS;
        for (let d = DOWN_CLASSES - 1; d >= 0; d--)
          for (let u = UP_CLASSES - 1; u >= 0; u--) {
            const at = base + d * UP_CLASSES + u;
            if (u + 1 < UP_CLASSES) atLeast[at] += atLeast[at + 1];
            if (d + 1 < DOWN_CLASSES) atLeast[at] += atLeast[at + UP_CLASSES];
            if (u + 1 < UP_CLASSES && d + 1 < DOWN_CLASSES) atLeast[at] -= atLeast[at + UP_CLASSES + 1];
          }
      }
      return { areas, atLeast };
    },
  };
}
export type StatsStore = ReturnType<typeof createStatsStore>;

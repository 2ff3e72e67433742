// The figures of /api/v1/changes for one area or every area of a level: the stored (or computed) class-pair
// counts of the pair at the threshold, with each release's own address and uncovered counts (area_stats).
// Shared by the API and the GeoPackage export.
import type { AreaChange, ChangeFigures } from '../common/api.ts';
import type { AreaLevel } from '../common/constants.ts';
import type { Counts, Threshold } from '../common/types.ts';
import { coverClasses } from './store/figures.ts';
import type { PairDiff } from './store/changes.ts';
import type { Store } from './store/index.ts';
import { classTableBytes, classTableCounts, type ClassTable } from './store/stats.ts';
import type { Release } from './store/releases.ts';

export interface Pair {
  from: Release;
  to: Release;
  threshold: Threshold;
  /** The pair's diff when the caller loaded it (the server: store.changes.load); else read or computed here. */
  diff?: PairDiff;
}

function diffOf(store: Store, pair: Pair): PairDiff {
  return pair.diff ?? store.changes.pair(pair.from.id, pair.to.id);
}

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
  const diff = diffOf(store, pair);
  const scope = { level, code };
  return combine(
    store.changes.figures(diff, level, code, pair.threshold),
    store.stats.figures({ release: pair.from.id, ...scope }, pair.threshold),
    store.stats.figures({ release: pair.to.id, ...scope }, pair.threshold),
  );
}

/** Bytes an area's entry in a level list holds, roughly (code, name and nine figures). */
const AREA_CHANGE_BYTES = 400;

/**
 * The figures of every area of a level, by name (a new array each time). Per release and level the
 * addresses of every area at every threshold are read once (a class table), so a further threshold or
 * sort costs no query; the list itself is kept per pair, level and threshold.
 */
export function levelChangeFigures(store: Store, pair: Pair, level: AreaLevel): AreaChange[] {
  const { from, to, threshold } = pair;
  const key = `level/${from.id}>${to.id}/${level}/${threshold.down}/${threshold.up ?? ''}`;
  return [
    ...store.changes.memo(
      key,
      () => computeLevel(store, pair, level),
      (list) => list.length * AREA_CHANGE_BYTES,
    ),
  ];
}

function classTable(store: Store, release: number, level: AreaLevel): ClassTable {
  return store.changes.memo(`classes/${release}/${level}`, () => store.stats.classTable(release, level, 0), classTableBytes);
}

function computeLevel(store: Store, pair: Pair, level: AreaLevel): readonly AreaChange[] {
  const diff = diffOf(store, pair);
  const before = classTable(store, pair.from.id, level);
  const after = classTable(store, pair.to.id, level);
  const { dc, uc } = coverClasses(pair.threshold, store.definitions());
  // Both tables list the areas of the level from the same areas table in the same order.
  return after.areas.map((area, i) => ({
    code: area.code,
    name: area.name,
    level: area.level,
    ...combine(
      store.changes.figures(diff, level, area.code, pair.threshold),
      classTableCounts(before, i, dc, uc),
      classTableCounts(after, i, dc, uc),
    ),
  }));
}

// The partial indexes every list of uncovered addresses reads: addresses_uncovered over the best offer's
// classes, addresses_uncovered_fixed over the best fixed-line offer's. They hold only the rows below the
// top download or upload class, so they stay small where coverage is high (259 k of 4.1 M rows of the
// Dutch import bench). The top classes are the database's (one per threshold), so the indexes are made
// again when `atlas init` stores other definitions, and a query must carry the same condition
// (uncoveredRowsSql) for SQLite to read them.
import type { CoverageDefinitions } from './definitions.ts';

/** What the index condition depends on: the thresholds of each direction (their class counts). */
export type ClassCounts = Pick<CoverageDefinitions, 'down' | 'up'>;

/** The address columns holding the classes a basis counts by: 0 the best offer's, 1 the best fixed-line offer's. */
export function classColumns(fixed: 0 | 1): { down: string; up: string } {
  return fixed ? { down: 'fixed_down_class', up: 'fixed_up_class' } : { down: 'down_class', up: 'up_class' };
}

/**
 * The rows the basis's index holds, as SQL over address_rows: below the top download or the top upload
 * class. Every address uncovered at some allowed threshold of the basis is one of them (a threshold's
 * classes are at most the top ones), so adding it to a query's condition changes no answer; SQLite
 * uses a partial index only for a query that spells its condition.
 */
export function uncoveredRowsSql(fixed: 0 | 1, definitions: ClassCounts): string {
  const { down, up } = classColumns(fixed);
  return `(${down} < ${definitions.down.length} OR ${up} < ${definitions.up.length})`;
}

/** SQL that makes both indexes anew for these definitions (on a database with many releases, a scan of the rows each). */
export function uncoveredIndexesSql(definitions: ClassCounts): string {
  return [0, 1]
    .map((fixed) => {
      const name = fixed ? 'addresses_uncovered_fixed' : 'addresses_uncovered';
      const { down, up } = classColumns(fixed as 0 | 1);
      return `DROP INDEX IF EXISTS ${name};
  CREATE INDEX ${name} ON address_rows(release_id, area_code, ${down}, ${up}) WHERE ${uncoveredRowsSql(fixed as 0 | 1, definitions)};`;
    })
    .join('\n  ');
}

/**
 * `make(d)` for the current definitions, made again only when their class counts change: statements
 * that spell uncoveredRowsSql must follow the indexes, which `atlas init` makes again for new definitions.
 */
export function perClassCounts<T>(definitions: () => ClassCounts, make: (d: ClassCounts) => T): () => T {
  let made: { key: string; value: T } | null = null;
  return () => {
    const d = definitions();
    const key = `${d.down.length}/${d.up.length}`;
    if (made?.key !== key) made = { key, value: make(d) };
    return made.value;
  };
}

// The partial indexes every list of uncovered addresses reads: addresses_uncovered over the best offer's
// classes, addresses_uncovered_fixed over the best fixed-line offer's. They hold only the rows below the
// top download or upload class, so they stay small where coverage is high (259 k of 4.1 M rows of the
// Dutch import bench). The top classes are the database's (one per threshold), so the indexes are made
// again when `atlas init` stores other definitions, and a query must carry the same condition
// (uncoveredRowsSql) for SQLite to read them.
import type { CoverageDefinitions } from './definitions.ts';

type ClassCounts = Pick<CoverageDefinitions, 'down' | 'up'>;

/** The class columns of a basis: 0 those of the best offer, 1 those of the best fixed-line offer. */
const CLASS_COLUMNS = [
  ['down_class', 'up_class'],
  ['fixed_down_class', 'fixed_up_class'],
] as const;

/**
 * The rows the basis's index holds, as SQL over address_rows: below the top download or the top upload
 * class. Every address uncovered at some allowed threshold of the basis is one of them (a threshold's
 * classes are at most the top ones), so adding it to a query's condition changes no answer; SQLite
 * uses a partial index only for a query that spells its condition.
 */
export function uncoveredRowsSql(fixed: 0 | 1, definitions: ClassCounts): string {
  const [down, up] = CLASS_COLUMNS[fixed];
  return `(${down} < ${definitions.down.length} OR ${up} < ${definitions.up.length})`;
}

/** SQL that makes both indexes anew for these definitions (on a database with many releases, a scan of the rows each). */
export function uncoveredIndexesSql(definitions: ClassCounts): string {
  return [0, 1]
    .map((fixed) => {
      const name = fixed ? 'addresses_uncovered_fixed' : 'addresses_uncovered';
      const [down, up] = CLASS_COLUMNS[fixed];
      return `DROP INDEX IF EXISTS ${name};
  CREATE INDEX ${name} ON address_rows(release_id, area_code, ${down}, ${up}) WHERE ${uncoveredRowsSql(fixed as 0 | 1, definitions)};`;
    })
    .join('\n  ');
}

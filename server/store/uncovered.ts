// Uncovered addresses of a set of areas, optionally inside a bbox: keyset pages on rowid and a
// streaming iterator built from the same pages (so no statement stays open between writes).
import { DOWN_THRESHOLDS } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
import { ADDRESS_COLUMNS, type AddressRow } from './addresses.ts';
import type { DB } from './db.ts';
import { coverClasses } from './figures.ts';

export interface UncoveredQuery {
  release: number;
  /** Municipality codes to search (addresses are assigned to municipalities). */
  areaCodes: string[];
  bbox?: readonly [number, number, number, number];
  threshold: Threshold;
}

export interface UncoveredPage {
  rows: AddressRow[];
  /** Row id to continue after, or null on the last page. */
  nextAfter: number | null;
}

const TOP_CLASS = DOWN_THRESHOLDS.length;
const STREAM_PAGE = 2000;

export function createUncoveredStore(db: DB) {
  // Without an upload condition every uncovered address is below the top class, so the partial
  // index addresses_uncovered answers; with one, covered-by-download rows may lack upload too.
  const where = `release_id = @release AND area_code IN (SELECT value FROM json_each(@codes))
      AND lon BETWEEN @w AND @e AND lat BETWEEN @s AND @n AND id > @after`;
  const downOnly = db.prepare(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE ${where} AND down_class < ${TOP_CLASS} AND down_class < @dc ORDER BY id LIMIT @limit`,
  );
  const withUp = db.prepare(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE ${where} AND (down_class < @dc OR up_class < @uc) ORDER BY id LIMIT @limit`,
  );
  const countDownOnly = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT COUNT(*) AS n FROM addresses WHERE ${where} AND down_class < ${TOP_CLASS} AND down_class < @dc`,
  );
  const countWithUp = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT COUNT(*) AS n FROM addresses WHERE ${where} AND (down_class < @dc OR up_class < @uc)`,
  );

  function bind(q: UncoveredQuery, after: number) {
    const { dc, uc } = coverClasses(q.threshold);
    const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
    return { release: q.release, codes: JSON.stringify(q.areaCodes), w, s, e, n, after, dc, uc };
  }

  function page(q: UncoveredQuery, after: number, limit: number): UncoveredPage {
    const params = bind(q, after);
    const stmt = params.uc > 0 ? withUp : downOnly;
    const rows = stmt.all({ ...params, limit: limit + 1 }) as AddressRow[];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    return { rows, nextAfter: more ? rows[rows.length - 1].id : null };
  }

  return {
    page,
    /** How many rows match (every page together). */
    count(q: UncoveredQuery): number {
      const params = bind(q, 0);
      return (params.uc > 0 ? countWithUp : countDownOnly).get(params)!.n;
    },
    /** Every matching row in id order, fetched a page at a time. */
    *all(q: UncoveredQuery): Generator<AddressRow> {
      let after: number | null = 0;
      while (after !== null) {
        const p = page(q, after, STREAM_PAGE);
        yield* p.rows;
        after = p.nextAfter;
      }
    },
  };
}
export type UncoveredStore = ReturnType<typeof createUncoveredStore>;

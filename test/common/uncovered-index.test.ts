// The partial indexes of uncovered addresses (common/uncovered-index.ts), under the Dutch defaults and
// under the FCC's tiers: the store's points and pages equal a brute-force reading at every threshold
// and class basis, read through the indexes (never a scan of the release); the indexes hold only rows
// below the top classes; and a database of the schema before them migrates to them with the same answers.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS, readDefinitions, type CoverageDefinitions } from '../../common/definitions.ts';
import { openWritable } from '../../common/schema.ts';
import type { Threshold } from '../../common/types.ts';
import { uncoveredRowsSql } from '../../common/uncovered-index.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { storeDefinitions } from '../../pipeline/init/index.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { BEFORE_PARTIAL_UNCOVERED, downgradeRegisterGrid } from '../helpers/fixed-classes-downgrade.ts';
import { boundariesDb } from '../helpers/temp-db.ts';

/** The FCC's tiers over the fixture's technologies (its rows name Dutch ones). */
const FCC_TIERS = {
  down: [25, 100, 1000],
  up: [3, 20, 100],
  goal: { down: 100, up: 20, year: 2030, covered_pct: 100 },
  technologies: DEFAULT_DEFINITIONS.technologies,
};

const open: { close(): void }[] = [];
afterAll(() => {
  for (const o of open) o.close();
});

/** A database with both fixture releases, made under `definitions` (null: the defaults, no init). */
function fixtureDb(definitions: typeof FCC_TIERS | null): string {
  const { db, path } = boundariesDb();
  if (definitions) storeDefinitions(db, definitions);
  importRelease(db, { release: '2023-12', files: [FIXTURE_FILES.release2023], synthetic: true });
  importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
  db.close();
  return path;
}

function readers(path: string): { store: Store; raw: Database.Database } {
  const store = openStore(path);
  const raw = new Database(path, { readonly: true });
  open.push(store, raw);
  return { store, raw };
}

/** Every threshold of the definitions: each download, each upload or none, both class bases. */
function thresholds(d: CoverageDefinitions): Threshold[] {
  return [false, true].flatMap((fixed_only) => d.down.flatMap((down) => [null, ...d.up].map((up) => ({ down, up, fixed_only }))));
}

/** The rows uncovered at a threshold, by a scan of the view (no index condition). */
function bruteUncovered(raw: Database.Database, d: CoverageDefinitions, release: number, t: Threshold): number[] {
  const [down, up] = t.fixed_only ? ['fixed_down_class', 'fixed_up_class'] : ['down_class', 'up_class'];
  const dc = d.down.indexOf(t.down) + 1;
  const uc = t.up === null ? 0 : d.up.indexOf(t.up) + 1;
  return raw
    .prepare(`SELECT id FROM addresses NOT INDEXED WHERE release_id = ? AND (${down} < ? OR ${up} < ?) ORDER BY id`)
    .pluck()
    .all(release, dc, uc) as number[];
}

/** The plan of a query, one line per step. */
function planOf(raw: Database.Database, sql: string, params: unknown): string {
  return (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe.each([
  ['the Dutch defaults', null],
  ["the FCC's tiers", FCC_TIERS],
])('the uncovered indexes under %s', (_name, given) => {
  const path = fixtureDb(given);
  const { store, raw } = readers(path);
  const definitions = readDefinitions(raw);
  const releases = raw.prepare('SELECT id FROM releases ORDER BY id').pluck().all() as number[];

  it('give the points and pages of every threshold exactly (brute force)', async () => {
    let uncovered = 0;
    for (const release of releases) {
      const areaCodes = raw.prepare('SELECT DISTINCT area_code FROM address_rows WHERE release_id = ?').pluck().all(release) as string[];
      for (const t of thresholds(definitions)) {
        const expected = bruteUncovered(raw, definitions, release, t);
        uncovered += expected.length;
        const points = store.tileSources.uncoveredPoints(release, t);
        expect(
          [...points.ids].sort((a, b) => a - b),
          `points ${release} ${JSON.stringify(t)}`,
        ).toEqual(expected);
        const listed: number[] = [];
        for await (const row of store.uncovered.all({ release, areaCodes, threshold: t })) listed.push(row.id);
        expect(
          listed.sort((a, b) => a - b),
          `pages ${release} ${JSON.stringify(t)}`,
        ).toEqual(expected);
      }
    }
    expect(uncovered).toBeGreaterThan(0);
  });

  it('hold only the rows below the top classes, and are read by the store (no scan)', () => {
    for (const [fixed, name] of [
      [0, 'addresses_uncovered'],
      [1, 'addresses_uncovered_fixed'],
    ] as const) {
      const sql = raw.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string;
      expect(sql).toContain(`WHERE ${uncoveredRowsSql(fixed, definitions)}`);
      const below = raw
        .prepare(`SELECT COUNT(*) FROM address_rows NOT INDEXED WHERE ${uncoveredRowsSql(fixed, definitions)}`)
        .pluck()
        .get();
      const all = raw.prepare('SELECT COUNT(*) FROM address_rows').pluck().get() as number;
      const held = raw
        .prepare(`SELECT COUNT(*) FROM address_rows INDEXED BY ${name} WHERE ${uncoveredRowsSql(fixed, definitions)}`)
        .pluck()
        .get();
      expect(held).toBe(below);
      expect(held).toBeLessThan(all);
    }
    const range = planOf(raw, store.uncovered.rangeSql, [1, 'GM0344', 0, 0, 0, 10]);
    expect(range).toMatch(
      /COVERING INDEX addresses_uncovered \(release_id=\? AND area_code=\? AND down_class=\? AND up_class=\? AND rowid>\?\)/,
    );
    const fixedRange = planOf(raw, store.uncovered.fixedRangeSql, [1, 'GM0344', 0, 0, 0, 10]);
    expect(fixedRange).toMatch(/COVERING INDEX addresses_uncovered_fixed \(release_id=\? AND area_code=\?/);
    for (const sql of store.tileSources.pointsSql) {
      const plan = planOf(raw, sql, { release: 1, dc: 3, uc: 2 });
      expect(plan).toMatch(/COVERING INDEX addresses_uncovered \(release_id=\? AND area_code=\?/);
      expect(plan).not.toMatch(/SCAN address_rows/);
    }
  });
});

describe('a database of the schema before the partial indexes', () => {
  it('migrates to them, with the same uncovered points', () => {
    const path = fixtureDb(null);
    const definitions = DEFAULT_DEFINITIONS;
    const points = (store: Store) =>
      thresholds(definitions).map((t) => [...store.tileSources.uncoveredPoints(2, t).ids].sort((a, b) => a - b));
    const current = openStore(path);
    const expected = points(current);
    current.close();
    // As the previous schema version made them: every row in both, and rows without a postcode too.
    const before = new Database(path);
    before.exec(`DROP INDEX addresses_uncovered; DROP INDEX addresses_uncovered_fixed; DROP INDEX addresses_by_postcode;
      CREATE INDEX addresses_uncovered ON address_rows(release_id, area_code, down_class, up_class);
      CREATE INDEX addresses_uncovered_fixed ON address_rows(release_id, area_code, fixed_down_class, fixed_up_class);
      CREATE INDEX addresses_by_postcode ON address_rows(release_id, postcode, house_number) WHERE register_row IS NULL;`);
    downgradeRegisterGrid(before);
    before.pragma(`user_version = ${BEFORE_PARTIAL_UNCOVERED}`);
    before.close();

    const db = openWritable(path);
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'address_rows'").all() as {
      name: string;
      sql: string | null;
    }[];
    db.close();
    const sqlOf = (name: string) => indexes.find((i) => i.name === name)?.sql;
    expect(sqlOf('addresses_uncovered')).toContain(`WHERE ${uncoveredRowsSql(0, definitions)}`);
    expect(sqlOf('addresses_uncovered_fixed')).toContain(`WHERE ${uncoveredRowsSql(1, definitions)}`);
    expect(sqlOf('addresses_by_postcode')).toContain('postcode IS NOT NULL');
    const migrated = openStore(path);
    expect(points(migrated)).toEqual(expected);
    expect(expected.flat().length).toBeGreaterThan(0);
    migrated.close();
  });
});

// The precomputed diffs against a brute-force comparison of the releases' addresses: every kind, every
// threshold, nationally, per municipality and per province, with addresses that appear, disappear and
// move; a release imported between two others replaces their pair with two; a replaced release is
// diffed again; a pair that is not adjacent is computed on demand with the same figures.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWritable, openWritable } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { ALL_THRESHOLDS, bruteChanges, noChange, variedRelease } from '../helpers/change-releases.ts';
import { boundariesDb, tempDir, writeCsv } from '../helpers/temp-db.ts';
import { COVERAGE_FIXTURES, REGISTER_FIXTURES } from '../register/fixtures.ts';

let dir: string;
let path: string;

function load(release: string, asOf: string, seed: number) {
  const db = openWritable(path);
  try {
    importRelease(db, { release, asOf, files: [variedRelease(dir, `${release}-${seed}.csv`, seed)], allowRejects: true });
  } finally {
    closeWritable(db);
  }
}

function storedPairs(store: Store): string[] {
  return (
    store.db
      .prepare(
        `SELECT f.label || '>' || t.label AS pair FROM change_pairs p JOIN releases f ON f.id = p.from_release_id
          JOIN releases t ON t.id = p.to_release_id ORDER BY f.as_of`,
      )
      .all() as { pair: string }[]
  ).map((r) => r.pair);
}

/** Every figure of the store's diff of from>to equals the brute-force count, at every threshold and area. */
function expectExact(store: Store, from: string, to: string, stored: boolean): void {
  const f = store.releases.resolve(from);
  const t = store.releases.resolve(to);
  const diff = store.changes.pair(f.id, t.id);
  expect(diff.stored).toBe(stored);
  const areas = [
    { level: 'all', code: '' },
    ...(store.db.prepare('SELECT level, code FROM areas').all() as { level: string; code: string }[]),
  ];
  for (const { down, up } of ALL_THRESHOLDS) {
    const brute = bruteChanges(store.db, from, to, down, up);
    const threshold = { down, up: up ?? null, fixed_only: false };
    for (const a of areas) {
      const expected = brute.get(a.level === 'all' ? 'all' : a.code);
      const got = store.changes.figures(diff, a.level, a.code, threshold);
      const { addresses_from: _f, addresses_to: _t, net_change_uncovered: _n, ...kinds } = expected ?? noChange();
      expect(got, `${from}>${to} ${a.level} ${a.code} down ${down} up ${up}`).toEqual(kinds);
    }
  }
}

beforeAll(() => {
  const b = boundariesDb(tempDir('atlas-changes-'));
  dir = b.dir;
  path = b.path;
  closeWritable(b.db);
  load('A', '2023-01-01', 1);
  load('B', '2024-01-01', 2);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diffs between releases', () => {
  it('the fixture releases hold every kind of change, and moved addresses', () => {
    const store = openStore(path);
    try {
      const brute = bruteChanges(store.db, 'A', 'B', 1000, undefined).get('all')!;
      for (const kind of ['newly_covered', 'lost', 'added', 'removed', 'added_covered', 'removed_covered'] as const) {
        expect(brute[kind], kind).toBeGreaterThan(0);
      }
      const moved = store.db
        .prepare(
          `SELECT COUNT(*) FROM addresses a JOIN addresses b ON b.address_id = a.address_id AND b.release_id = ? AND b.area_code <> a.area_code
            WHERE a.release_id = ?`,
        )
        .pluck()
        .get(store.releases.resolve('B').id, store.releases.resolve('A').id) as number;
      expect(moved).toBeGreaterThan(5);
    } finally {
      store.close();
    }
  });

  it('counts every kind exactly, nationally and per area, at every threshold', () => {
    const store = openStore(path);
    try {
      expect(storedPairs(store)).toEqual(['A>B']);
      expectExact(store, 'A', 'B', true);
    } finally {
      store.close();
    }
  });

  it('a release imported between two others replaces their diff with two; the outer pair is computed on demand', () => {
    load('M', '2023-06-01', 3);
    const store = openStore(path);
    try {
      expect(storedPairs(store)).toEqual(['A>M', 'M>B']);
      expectExact(store, 'A', 'M', true);
      expectExact(store, 'M', 'B', true);
      expectExact(store, 'A', 'B', false);
      expectExact(store, 'B', 'A', false);
    } finally {
      store.close();
    }
  });

  it('replacing a release diffs it again with both neighbours', () => {
    load('M', '2023-06-01', 4);
    const store = openStore(path);
    try {
      expect(storedPairs(store)).toEqual(['A>M', 'M>B']);
      expectExact(store, 'A', 'M', true);
      expectExact(store, 'M', 'B', true);
    } finally {
      store.close();
    }
  });

  it('matches addresses of releases joined to one register by the register key', () => {
    const b = boundariesDb(tempDir('atlas-changes-register-'));
    try {
      loadRegister(b.db, { label: 'canon', files: [REGISTER_FIXTURES.canonical] });
      const columns = 'max_down_mbps=down,max_up_mbps=up';
      importRelease(b.db, { release: 'r1', asOf: '2024-01-01', register: 'canon', files: [COVERAGE_FIXTURES.byId], columns });
      // Half a year on: A001 lost its fibre, A002 and A003 gained it.
      const later = writeCsv(b.dir, 'later.csv', [
        'address_id,provider,technology,down,up',
        'A001,Koperdraad,VDSL,80,20',
        'A002,Polderglas,FTTH,1000,1000',
        'A003,Polderglas,FTTH,1000,1000',
      ]);
      importRelease(b.db, { release: 'r2', asOf: '2024-07-01', register: 'canon', files: [later], columns });
      closeWritable(b.db);
      const store = openStore(b.path);
      try {
        expectExact(store, 'r1', 'r2', true);
        const national = bruteChanges(store.db, 'r1', 'r2', 1000, undefined).get('all')!;
        expect([national.added, national.removed]).toEqual([0, 0]);
        expect([national.newly_covered, national.lost]).toEqual([2, 1]);
      } finally {
        store.close();
      }
    } finally {
      rmSync(b.dir, { recursive: true, force: true });
    }
  });
});

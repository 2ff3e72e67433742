// The tile layers' point sources. The uncovered layer's: every uncovered address of a release, read through the
// addresses_uncovered index one area at a time, never by scanning the release (an 8 M-address
// release took 11-16 s to scan for its 81 k uncovered points, on the first uncovered tile). The
// covered layer's: a tile's covered addresses from the address grid index alone.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS } from '../../common/constants.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';

let dir: string;
let store: Store;
let raw: Database.Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-tile-sources-'));
  const path = await buildFixtureDb(dir);
  store = openStore(path);
  raw = new Database(path, { readonly: true });
});

afterAll(() => {
  raw?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('uncovered points of a release', () => {
  it('are exactly the addresses below the top download class (brute force)', () => {
    for (const { id } of raw.prepare('SELECT id FROM releases').all() as { id: number }[]) {
      const expected = raw
        .prepare(`SELECT id, down_class FROM addresses WHERE release_id = ? AND down_class < ${DOWN_THRESHOLDS.length} ORDER BY id`)
        .raw()
        .all(id) as [number, number][];
      const points = store.tileSources.uncoveredPoints(id);
      const got = [...points.ids].map((pid, i) => [pid, points.downClass[i]]).sort((a, b) => a[0] - b[0]);
      expect(expected.length).toBeGreaterThan(0);
      expect(got).toEqual(expected);
    }
  });

  it('are read one index range per area, not by scanning the release', () => {
    const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${store.tileSources.pointsSql}`).all({ release: 1 }) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH address_rows USING INDEX addresses_uncovered \(release_id=\? AND area_code=\? AND down_class<\?\)/);
    expect(plan).not.toMatch(/SCAN address_rows|addresses_by_postcode/);
  });
});

describe('covered points of a tile', () => {
  it('are read from the address grid index alone, a range per row of grid cells', () => {
    for (const sql of store.tileSources.coveredSql) {
      const plan = (
        raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ release: 1, lo: 0, hi: 1, step: 1, w: 0, s: 0, e: 1, n: 1, dc: 1, uc: 0 }) as {
          detail: string;
        }[]
      )
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/SEARCH address_rows USING COVERING INDEX addresses_by_grid \(release_id=\? AND <expr>>\? AND <expr><\?\)/);
    }
  });
});

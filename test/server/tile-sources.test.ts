// The tile layers' point sources. The uncovered layer's: every uncovered address of a release, read through the
// addresses_uncovered index one area at a time, never by scanning the release (an 8 M-address
// release took 11-16 s to scan for its 81 k uncovered points, on the first uncovered tile). The
// covered layer's: a tile's covered addresses from the address grid index alone.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS, UP_THRESHOLDS } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
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
  it('are exactly the addresses uncovered at the threshold asked, at every threshold (brute force)', () => {
    const ups = [null, ...UP_THRESHOLDS];
    for (const { id } of raw.prepare('SELECT id FROM releases').all() as { id: number }[]) {
      for (const [fixed, [downColumn, upColumn]] of [
        ['down_class', 'up_class'],
        ['fixed_down_class', 'fixed_up_class'],
      ].entries()) {
        for (const [d, down] of DOWN_THRESHOLDS.entries()) {
          for (const [u, up] of ups.entries()) {
            const expected = raw
              .prepare(`SELECT id FROM addresses WHERE release_id = ? AND (${downColumn} < ? OR ${upColumn} < ?) ORDER BY id`)
              .pluck()
              .all(id, d + 1, u) as number[];
            const points = store.tileSources.uncoveredPoints(id, { down, up, fixed_only: fixed === 1 } as Threshold);
            expect(
              [...points.ids].sort((a, b) => a - b),
              `release ${id}, ${down}/${up}, fixed ${fixed}`,
            ).toEqual(expected);
          }
        }
      }
    }
    // The fixture has uncovered addresses at the top threshold, and fewer at the lowest.
    const top = store.tileSources.uncoveredPoints(1, { down: DOWN_THRESHOLDS.at(-1)!, up: null, fixed_only: false } as Threshold);
    const lowest = store.tileSources.uncoveredPoints(1, { down: DOWN_THRESHOLDS[0], up: null, fixed_only: false } as Threshold);
    expect(top.ids.length).toBeGreaterThan(lowest.ids.length);
  });

  it('are found in the index, one range per area, before their rows are read (never a scan of the release)', () => {
    for (const sql of [...store.tileSources.pointsSql, ...store.tileSources.pointDetailsSql]) {
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ release: 1, dc: 3, uc: 2 }) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/SEARCH address_rows USING COVERING INDEX addresses_uncovered \(release_id=\? AND area_code=\?/);
      expect(plan).toMatch(/SEARCH (address_rows|a) USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(plan).not.toMatch(/SCAN address_rows|addresses_by_postcode/);
    }
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

  it("of a release over a shared register are found in the register's grid index, each row's classes by its id", () => {
    for (const sql of store.tileSources.sharedCoveredSql) {
      const bind = { register: 1, offset: 0, lo: 0, hi: 1, step: 1, w: 0, s: 0, e: 1, n: 1, dc: 1, uc: 0 };
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bind) as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/SEARCH r USING COVERING INDEX register_addresses_by_grid \(register_id=\? AND <expr>>\? AND <expr><\?\)/);
      expect(plan).toMatch(/SEARCH a USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    }
  });
});

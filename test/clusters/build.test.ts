// buildClusters over seeded village databases and the fixture: clusters against brute-force oracles.
import { booleanPointInPolygon } from '@turf/turf';
import type Database from 'better-sqlite3';
import type { Polygon } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS } from '../../common/constants.ts';
import { DEFAULT_DEFINITIONS, downClassIn, readDefinitions } from '../../common/definitions.ts';
import { distanceM } from '../../pipeline/clusters/geo.ts';
import { buildClusters, startClusters } from '../../pipeline/clusters/index.ts';
import { AddressPointsBuilder } from '../../pipeline/clusters/points.ts';
import { openWritable } from '../../common/schema.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { createVillageDb, insertRelease } from '../helpers/village-db.ts';
import { bruteForceLabels, bruteForceNearestM } from '../helpers/brute-force-clusters.ts';

interface AddressRow {
  id: number;
  lon: number;
  lat: number;
  down_class: number;
  area_code: string;
}
interface ClusterRow {
  id: number;
  addresses: number;
  nearest_covered_m: number | null;
  geometry: string;
  area_codes: string;
  technologies: string;
}

let dir: string;
let db: Database.Database;
let releaseId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-clusters-'));
  ({ db, releaseId } = createVillageDb(join(dir, 'atlas.sqlite'), 11, 3000));
  buildClusters(db, releaseId);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The checks against brute force, on one release of a database that `open` provides. */
type Opened = { db: Database.Database; releaseId: number; close?: () => void };

/** `least` guards the checks from passing on too little data: the fixture is small, the villages not. */
function describeAgainstBruteForce(source: string, least: { uncovered: number; clusters: number }, open: () => Promise<Opened>): void {
  describe(source, () => {
    let db: Database.Database;
    let releaseId: number;
    let close: (() => void) | undefined;
    let addresses: AddressRow[];
    afterAll(() => close?.());
    beforeAll(async () => {
      ({ db, releaseId, close } = await open());
      addresses = db
        .prepare<[number], AddressRow>('SELECT id, lon, lat, down_class, area_code FROM addresses WHERE release_id = ?')
        .all(releaseId);
    });

    const clustersAt = (down: number) =>
      db.prepare<[number, number], ClusterRow>('SELECT * FROM clusters WHERE release_id = ? AND down = ? ORDER BY id').all(releaseId, down);
    const uncoveredAt = (down: number) =>
      addresses.filter((a) => a.down_class < downClassIn(DEFAULT_DEFINITIONS, down as (typeof DOWN_THRESHOLDS)[number]));

    describe.each(DOWN_THRESHOLDS)('buildClusters at %i Mbit/s', (down) => {
      it('puts every uncovered address in exactly one cluster, so cluster counts sum to the uncovered count', () => {
        const clusters = clustersAt(down);
        const uncovered = uncoveredAt(down);
        expect(uncovered.length).toBeGreaterThanOrEqual(least.uncovered);
        expect(clusters.reduce((sum, c) => sum + c.addresses, 0)).toBe(uncovered.length);
        const members = db
          .prepare<[number, number], { address_rowid: number }>(
            'SELECT address_rowid FROM cluster_addresses JOIN clusters ON id = cluster_id WHERE release_id = ? AND down = ?',
          )
          .all(releaseId, down)
          .map((r) => r.address_rowid)
          .sort((a, b) => a - b);
        expect(members).toEqual(uncovered.map((a) => a.id).sort((a, b) => a - b));
      });

      it('counts per municipality sum to the uncovered count of that municipality', () => {
        for (const area of new Set(addresses.map((a) => a.area_code))) {
          const { total } = db
            .prepare<[string, number, number], { total: number }>(
              `SELECT COALESCE(SUM(a.addresses), 0) AS total FROM cluster_areas a JOIN clusters c ON c.id = a.cluster_id
                WHERE a.area_code = ? AND c.release_id = ? AND c.down = ?`,
            )
            .get(area, releaseId, down)!;
          expect(total).toBe(uncoveredAt(down).filter((a) => a.area_code === area).length);
        }
      });

      it('groups addresses exactly as brute-force connected components within 250 m', () => {
        const uncovered = uncoveredAt(down);
        const clusterOf = new Map(
          db
            .prepare<[number, number], { cluster_id: number; address_rowid: number }>(
              'SELECT cluster_id, address_rowid FROM cluster_addresses JOIN clusters ON id = cluster_id WHERE release_id = ? AND down = ?',
            )
            .all(releaseId, down)
            .map((r) => [r.address_rowid, r.cluster_id]),
        );
        const labels = bruteForceLabels(
          uncovered.map((a) => a.lon),
          uncovered.map((a) => a.lat),
          250,
        );
        const pairs = new Set(uncovered.map((a, i) => `${labels[i]}:${clusterOf.get(a.id)}`));
        expect(clustersAt(down).length).toBeGreaterThanOrEqual(least.clusters);
        expect(new Set(labels).size).toBe(clustersAt(down).length);
        expect(pairs.size).toBe(clustersAt(down).length);
      });

      it('gives each cluster the brute-force distance to the nearest covered address', () => {
        const covered = addresses.filter((a) => !uncoveredAt(down).includes(a)).map((a) => [a.lon, a.lat] as const);
        const byId = new Map(addresses.map((a) => [a.id, a]));
        const members = db.prepare<[number], { address_rowid: number }>('SELECT address_rowid FROM cluster_addresses WHERE cluster_id = ?');
        for (const cluster of clustersAt(down)) {
          const points = members.all(cluster.id).map((r) => byId.get(r.address_rowid)!);
          const expected = Math.min(...points.map((p) => bruteForceNearestM(p.lon, p.lat, covered)!));
          expect(cluster.nearest_covered_m).toBeCloseTo(expected, 0);
        }
      });

      it('draws an outline that contains every address of the cluster', () => {
        const byId = new Map(addresses.map((a) => [a.id, a]));
        const members = db.prepare<[number], { address_rowid: number }>('SELECT address_rowid FROM cluster_addresses WHERE cluster_id = ?');
        for (const cluster of clustersAt(down)) {
          const polygon = JSON.parse(cluster.geometry) as Polygon;
          const ring = polygon.coordinates[0];
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          for (const { address_rowid } of members.all(cluster.id)) {
            const a = byId.get(address_rowid)!;
            expect(booleanPointInPolygon([a.lon, a.lat], polygon)).toBe(true);
          }
        }
      });
    });
  });
}

describeAgainstBruteForce('on synthetic villages', { uncovered: 20, clusters: 4 }, async () => ({ db, releaseId }));

describeAgainstBruteForce('on the fixture, built by importRelease', { uncovered: 2, clusters: 1 }, async () => {
  const fixtureDir = mkdtempSync(join(tmpdir(), 'atlas-clusters-fixture-'));
  const fixture = openWritable(await buildFixtureDb(fixtureDir));
  const { id } = fixture.prepare<[], { id: number }>("SELECT id FROM releases WHERE label = '2024-12'").get()!;
  const close = () => {
    fixture.close();
    rmSync(fixtureDir, { recursive: true, force: true });
  };
  return { db: fixture, releaseId: id, close };
});

const clustersAt = (down: number) =>
  db.prepare<[number, number], ClusterRow>('SELECT * FROM clusters WHERE release_id = ? AND down = ? ORDER BY id').all(releaseId, down);

describe('buildClusters', () => {
  it('orders clusters largest first and lists their municipalities and technologies', () => {
    const clusters = clustersAt(1000);
    expect(clusters.map((c) => c.addresses)).toEqual([...clusters.map((c) => c.addresses)].sort((a, b) => b - a));
    for (const c of clusters) {
      expect(JSON.parse(c.area_codes).every((code: string) => ['GM0001', 'GM0002'].includes(code))).toBe(true);
      expect(JSON.parse(c.technologies).every((t: string) => ['ADSL', 'VDSL', 'DOCSIS3.0', 'NONE'].includes(t))).toBe(true);
    }
  });

  it('replaces the clusters of a release when run again instead of adding to them', () => {
    const before = db.prepare('SELECT COUNT(*) AS n FROM cluster_addresses').get();
    buildClusters(db, releaseId);
    expect(db.prepare('SELECT COUNT(*) AS n FROM cluster_addresses').get()).toEqual(before);
  });

  it('reports no distance when no address is covered at the threshold', () => {
    const other = insertRelease(db, 'all-adsl', [
      { lon: 5.1, lat: 52.1, down: 8, technology: 'ADSL', area: 'GM0001' },
      { lon: 5.3, lat: 52.1, down: 8, technology: 'ADSL', area: 'GM0002' },
    ]);
    expect(buildClusters(db, other)).toEqual(DOWN_THRESHOLDS.map((down) => ({ down, clusters: 2, addresses: 2 })));
    const distances = db
      .prepare<[number], { nearest_covered_m: number | null }>('SELECT nearest_covered_m FROM clusters WHERE release_id = ?')
      .all(other);
    expect(distances.map((d) => d.nearest_covered_m)).toEqual([null, null, null, null, null, null]);
  });

  // Far beyond the link distance: the search is not bounded by any reach.
  for (const dLat of [0.06, 0.3]) {
    it(`measures the distance to a covered address ${dLat} degrees away, beyond the first search rounds`, () => {
      const far = insertRelease(db, `far-${dLat}`, [
        { lon: 5.0, lat: 52.0, down: 8, technology: 'ADSL', area: 'GM0001' },
        { lon: 5.0, lat: 52.0 + dLat, down: 1000, technology: 'FTTH', area: 'GM0001' },
      ]);
      buildClusters(db, far);
      const { nearest_covered_m } = db
        .prepare<[number], { nearest_covered_m: number }>('SELECT nearest_covered_m FROM clusters WHERE release_id = ? AND down = 1000')
        .get(far)!;
      expect(nearest_covered_m).toBeCloseTo(distanceM(5.0, 52.0, 5.0, 52.0 + dLat), 0);
    });
  }

  it('refuses a link distance out of range with the allowed range in the message', () => {
    expect(() => buildClusters(db, releaseId, { distanceM: 0 })).toThrow(/from 1 to 100000, got 0/);
  });
});

describe('buildClusters after clusters were deleted elsewhere', () => {
  it('drops their leftover rows instead of colliding with the ids of new clusters', () => {
    const again = insertRelease(db, 'orphans', [{ lon: 5.2, lat: 52.2, down: 8, technology: 'ADSL', area: 'GM0001' }]);
    buildClusters(db, again);
    db.prepare('DELETE FROM clusters WHERE release_id = ?').run(again);
    expect(() => buildClusters(db, again)).not.toThrow();
    const { n } = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM clusters WHERE release_id = ?').get(again)!;
    expect(n).toBe(3);
  });
});

describe('startClusters (the import: from the points it collected, in a worker thread or not)', () => {
  const written = () =>
    ['clusters', 'cluster_areas', 'cluster_addresses'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all());

  it.each([true, false])('writes exactly the rows buildClusters writes from the stored addresses (worker: %s)', (inWorker) => {
    buildClusters(db, releaseId);
    const expected = written();
    expect(expected[2].length).toBeGreaterThan(100);
    const rows = db
      .prepare<[number], [number, number, number, number, number, string, string]>(
        'SELECT id, lon, lat, down_class, up_class, area_code, best_technology FROM addresses WHERE release_id = ? ORDER BY id',
      )
      .raw()
      .all(releaseId);
    const firstId = rows[0][0];
    expect(rows.at(-1)![0] - firstId).toBe(rows.length - 1);
    const codes = [...new Set(rows.map((r) => r[5]))].sort();
    const points = new AddressPointsBuilder(true);
    for (const [id, lon, lat, down, up, code, technology] of rows)
      points.set(id - firstId, lon, lat, down, up, codes.indexOf(code), technology);
    db.prepare('DELETE FROM clusters WHERE release_id = ?').run(releaseId);
    const counts = startClusters(readDefinitions(db), points.collected(), firstId, codes, inWorker).write(db, releaseId);
    expect(written()).toEqual(expected);
    expect(counts.reduce((n, c) => n + c.clusters, 0)).toBe(expected[0].filter((c) => (c as unknown[])[1] === releaseId).length);
  });
});

import { booleanPointInPolygon } from '@turf/turf';
import type Database from 'better-sqlite3';
import type { Polygon } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS, downClassFor } from '../../common/constants.ts';
import { distanceM } from '../../scripts/clusters/geo.ts';
import { buildClusters } from '../../scripts/clusters/index.ts';
import { createVillageDb, insertRelease } from './address-db.ts';
import { bruteForceLabels, bruteForceNearestM } from './brute-force.ts';

interface AddressRow { id: number; lon: number; lat: number; down_class: number; area_code: string }
interface ClusterRow { id: number; addresses: number; nearest_covered_m: number | null; geometry: string; area_codes: string; technologies: string }

let dir: string;
let db: Database.Database;
let releaseId: number;
let addresses: AddressRow[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-clusters-'));
  ({ db, releaseId } = createVillageDb(join(dir, 'atlas.sqlite'), 11, 3000));
  buildClusters(db, releaseId);
  addresses = db.prepare<[number], AddressRow>('SELECT id, lon, lat, down_class, area_code FROM addresses WHERE release_id = ?').all(releaseId);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const clustersAt = (down: number) =>
  db.prepare<[number, number], ClusterRow>('SELECT * FROM clusters WHERE release_id = ? AND down = ? ORDER BY id').all(releaseId, down);
const uncoveredAt = (down: number) => addresses.filter((a) => a.down_class < downClassFor(down as (typeof DOWN_THRESHOLDS)[number]));

describe.each(DOWN_THRESHOLDS)('buildClusters at %i Mbit/s', (down) => {
  it('puts every uncovered address in exactly one cluster, so cluster counts sum to the uncovered count', () => {
    const clusters = clustersAt(down);
    const uncovered = uncoveredAt(down);
    expect(uncovered.length).toBeGreaterThan(20);
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
    for (const area of ['GM0001', 'GM0002']) {
      const { total } = db
        .prepare<[string, number, number], { total: number }>(
          `SELECT SUM(a.addresses) AS total FROM cluster_areas a JOIN clusters c ON c.id = a.cluster_id
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
    const labels = bruteForceLabels(uncovered.map((a) => a.lon), uncovered.map((a) => a.lat), 250);
    const pairs = new Set(uncovered.map((a, i) => `${labels[i]}:${clusterOf.get(a.id)}`));
    expect(clustersAt(down).length).toBeGreaterThan(3);
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
    const distances = db.prepare<[number], { nearest_covered_m: number | null }>('SELECT nearest_covered_m FROM clusters WHERE release_id = ?').all(other);
    expect(distances.map((d) => d.nearest_covered_m)).toEqual([null, null, null, null, null, null]);
  });

  it('measures the distance to a covered address farther away than the up-front search reaches', () => {
    const far = insertRelease(db, 'far', [
      { lon: 5.0, lat: 52.0, down: 8, technology: 'ADSL', area: 'GM0001' },
      { lon: 5.0, lat: 52.06, down: 1000, technology: 'FTTH', area: 'GM0001' },
    ]);
    buildClusters(db, far);
    const { nearest_covered_m } = db.prepare<[number], { nearest_covered_m: number }>('SELECT nearest_covered_m FROM clusters WHERE release_id = ? AND down = 1000').get(far)!;
    expect(nearest_covered_m).toBeCloseTo(distanceM(5.0, 52.0, 5.0, 52.06), 0);
    expect(nearest_covered_m).toBeGreaterThan(6000);
  });

  it('refuses a link distance out of range with the allowed range in the message', () => {
    expect(() => buildClusters(db, releaseId, { distanceM: 0 })).toThrow(/from 1 to 100000, got 0/);
  });
});

// Writes a release's clusters; every SQL statement of the clustering lives here, and the rows it writes (clusterRow).
import type Database from 'better-sqlite3';
import type { ClusterSummary } from './summarise.ts';

type DB = Database.Database;

/** A cluster as its rows are written: the values of its clusters row (text columns as JSON), its areas and addresses. */
export interface ClusterRow {
  values: {
    down: number;
    up: number | null;
    addresses: number;
    areaCodes: string;
    technologies: string;
    lon: number;
    lat: number;
    minLon: number;
    minLat: number;
    maxLon: number;
    maxLat: number;
    nearest: number | null;
    geometry: string;
  };
  areas: [string, number][];
  /** A plain array, or a view of the packed ones (packed.ts). */
  rowids: ArrayLike<number> & { join(separator: string): string };
}

/**
 * The rows of a cluster at a threshold (`up`: the goal's upload for the clusters of the goal's pair,
 * null for those of a download threshold), `nearest` metres from a covered address. Plain data, so a
 * worker thread can make them.
 */
export function clusterRow(down: number, up: number | null, cluster: ClusterSummary, nearest: number | null): ClusterRow {
  const [minLon, minLat, maxLon, maxLat] = cluster.bbox;
  return {
    values: {
      down,
      up,
      addresses: cluster.rowids.length,
      areaCodes: JSON.stringify(cluster.areas.map(([code]) => code)),
      technologies: JSON.stringify(cluster.technologies),
      lon: cluster.centroid[0],
      lat: cluster.centroid[1],
      minLon,
      minLat,
      maxLon,
      maxLat,
      nearest: nearest === null ? null : Math.round(nearest * 10) / 10,
      geometry: JSON.stringify(cluster.geometry),
    },
    areas: cluster.areas,
    rowids: cluster.rowids,
  };
}

export function createClusterWriter(db: DB) {
  // Clusters of this release, and of releases that no longer exist (a re-import replaced them).
  const stale = `SELECT id FROM clusters WHERE release_id = @release OR release_id NOT IN (SELECT id FROM releases)`;
  const deleteAddresses = db.prepare(`DELETE FROM cluster_addresses WHERE cluster_id IN (${stale})`);
  const deleteAreas = db.prepare(`DELETE FROM cluster_areas WHERE cluster_id IN (${stale})`);
  const deleteClusters = db.prepare(`DELETE FROM clusters WHERE id IN (${stale})`);
  // Rows left by clusters deleted elsewhere must not collide with the ids new clusters take (max + 1).
  const orphans = 'cluster_id > (SELECT COALESCE(MAX(id), 0) FROM clusters)';
  const deleteOrphans = [
    db.prepare(`DELETE FROM cluster_addresses WHERE ${orphans}`),
    db.prepare(`DELETE FROM cluster_areas WHERE ${orphans}`),
  ];
  const insertCluster = db.prepare(
    `INSERT INTO clusters (release_id, down, up, distance_m, addresses, area_codes, technologies, lon, lat,
       min_lon, min_lat, max_lon, max_lat, nearest_covered_m, geometry)
     VALUES (@release, @down, @up, @distance, @addresses, @areaCodes, @technologies, @lon, @lat,
       @minLon, @minLat, @maxLon, @maxLat, @nearest, @geometry)`,
  );
  const insertArea = db.prepare('INSERT INTO cluster_areas (area_code, cluster_id, addresses) VALUES (?, ?, ?)');
  // A cluster's addresses in one statement, from a JSON array: a national release has millions of them, and
  // one statement per address (a call into SQLite each) took 2.5 times as long.
  const insertAddresses = db.prepare('INSERT INTO cluster_addresses (cluster_id, address_rowid) SELECT ?, value FROM json_each(?)');

  return {
    deleteRelease(release: number): void {
      for (const statement of [deleteAddresses, deleteAreas, deleteClusters]) statement.run({ release });
      for (const statement of deleteOrphans) statement.run();
    },
    insert(release: number, distance: number, row: ClusterRow): void {
      const { lastInsertRowid } = insertCluster.run({ release, distance, ...row.values });
      for (const [code, count] of row.areas) insertArea.run(code, lastInsertRowid, count);
      insertAddresses.run(lastInsertRowid, `[${row.rowids.join(',')}]`);
    },
  };
}

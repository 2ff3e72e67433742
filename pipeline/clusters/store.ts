// Writes a release's clusters; every SQL statement of the clustering lives here.
import type Database from 'better-sqlite3';
import type { ClusterSummary } from './summarise.ts';

type DB = Database.Database;

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
  const insertAddress = db.prepare('INSERT INTO cluster_addresses (cluster_id, address_rowid) VALUES (?, ?)');

  return {
    deleteRelease(release: number): void {
      for (const statement of [deleteAddresses, deleteAreas, deleteClusters]) statement.run({ release });
      for (const statement of deleteOrphans) statement.run();
    },
    /** `up`: the goal's upload for the clusters of the goal's pair, null for those of a download threshold. */
    insert(release: number, down: number, up: number | null, distance: number, cluster: ClusterSummary, nearest: number | null): void {
      const [minLon, minLat, maxLon, maxLat] = cluster.bbox;
      const { lastInsertRowid } = insertCluster.run({
        release,
        down,
        up,
        distance,
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
      });
      for (const [code, count] of cluster.areas) insertArea.run(code, lastInsertRowid, count);
      for (const rowid of cluster.rowids) insertAddress.run(lastInsertRowid, rowid);
    },
  };
}

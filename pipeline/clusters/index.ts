// Unserved clusters of a release: for every download threshold of the database (and for its goal's
// download and upload pair when the goal has one), the addresses uncovered at it grouped by single linkage within a distance, each with its outline, municipalities,
// technologies and distance to the nearest covered address. Called by the import before COMMIT.
import type Database from 'better-sqlite3';
import { downClassIn, readDefinitions, upClassIn } from '../../common/definitions.ts';
import { linkPoints } from './link.ts';
import { CoveredIndex } from './nearest.ts';
import { readAddressPoints, readUncovered, type AddressPoints, type UncoveredPoints } from './points.ts';
import { MIN_GRID_DISTANCE_M } from './sphere-grid.ts';
import { createClusterWriter } from './store.ts';
import { summariseClusters } from './summarise.ts';

export const DEFAULT_CLUSTER_DISTANCE_M = 250;
export const MAX_CLUSTER_DISTANCE_M = 100_000;

export interface ClusterOptions {
  /** Link distance in metres (default 250). */
  distanceM?: number;
  /** How far the outline reaches beyond the outer addresses (default a tenth of the distance). */
  bufferM?: number;
  /** Every address of the release with its class, as the import collects them; read back when absent. */
  points?: AddressPoints;
}

export interface ClusterCount {
  down: number;
  /** The goal's upload for the clusters of the goal's pair; absent for a download threshold's. */
  up?: number;
  clusters: number;
  addresses: number;
}

/** The uncovered points at one threshold's classes: those below the download class or the upload class. */
function below(points: UncoveredPoints, minClass: number, minUpClass: number): UncoveredPoints {
  const keep: number[] = [];
  for (let i = 0; i < points.rowid.length; i++) if (points.downClass[i] < minClass || points.upClass[i] < minUpClass) keep.push(i);
  return {
    rowid: keep.map((i) => points.rowid[i]),
    lon: Float64Array.from(keep, (i) => points.lon[i]),
    lat: Float64Array.from(keep, (i) => points.lat[i]),
    downClass: Uint8Array.from(keep, (i) => points.downClass[i]),
    upClass: Uint8Array.from(keep, (i) => points.upClass[i]),
    areaCode: keep.map((i) => points.areaCode[i]),
    technology: keep.map((i) => points.technology[i]),
  };
}

function checkDistance(distanceM: number): void {
  if (!(distanceM >= MIN_GRID_DISTANCE_M && distanceM <= MAX_CLUSTER_DISTANCE_M)) {
    throw new RangeError(
      `buildClusters: distanceM must be a number of metres from ${MIN_GRID_DISTANCE_M} to ${MAX_CLUSTER_DISTANCE_M}, got ${distanceM}.`,
    );
  }
}

/** Replaces the clusters of a release (in a savepoint when the caller holds a transaction). */
export function buildClusters(db: Database.Database, releaseId: number, options: ClusterOptions = {}): ClusterCount[] {
  const distanceM = options.distanceM ?? DEFAULT_CLUSTER_DISTANCE_M;
  checkDistance(distanceM);
  const bufferM = options.bufferM ?? distanceM / 10;
  const definitions = readDefinitions(db);
  // Per download threshold, and for the goal's pair when the goal also asks an upload (the FCC's 100/20).
  const pairs: { down: number; up: number | null }[] = definitions.down.map((down) => ({ down, up: null }));
  if (definitions.goal.up !== null) pairs.push({ down: definitions.goal.down, up: definitions.goal.up });
  const goalUpClass = upClassIn(definitions, definitions.goal.up);
  const uncovered = readUncovered(db, releaseId, definitions.down.length, goalUpClass);
  const perThreshold = pairs.map(({ down, up }) => {
    const minClass = downClassIn(definitions, down);
    const minUpClass = upClassIn(definitions, up);
    const points = below(uncovered, minClass, minUpClass);
    const { labels, count } = linkPoints(points.lon, points.lat, distanceM);
    return { down, up, minClass, minUpClass, addresses: points.rowid.length, clusters: summariseClusters(points, labels, count, bufferM) };
  });
  const all = perThreshold.flatMap((t) => t.clusters.map((cluster) => ({ ...t, cluster })));
  const covered = new CoveredIndex(options.points ?? readAddressPoints(db, releaseId));
  const nearest = all.map(({ minClass, minUpClass, cluster }) => covered.nearestM(cluster.lons, cluster.lats, minClass, minUpClass));
  const writer = createClusterWriter(db);
  db.transaction(() => {
    writer.deleteRelease(releaseId);
    all.forEach(({ down, up, cluster }, i) => {
      writer.insert(releaseId, down, up, distanceM, cluster, nearest[i]);
    });
  })();
  return perThreshold.map(
    ({ down, up, clusters, addresses }): ClusterCount => ({ down, ...(up === null ? {} : { up }), clusters: clusters.length, addresses }),
  );
}

// Unserved clusters of a release: for every allowed download threshold, the addresses uncovered at
// it grouped by single linkage within a distance, each with its outline, municipalities,
// technologies and distance to the nearest covered address. Called by the import before COMMIT.
import type Database from 'better-sqlite3';
import { DOWN_THRESHOLDS, downClassFor, type DownThreshold } from '../../common/constants.ts';
import { linkPoints } from './link.ts';
import { NearestCovered } from './nearest.ts';
import { readCovered, readCoveredNear, readUncovered, type UncoveredPoints } from './points.ts';
import { MIN_GRID_DISTANCE_M } from './sphere-grid.ts';
import { createClusterWriter } from './store.ts';
import { summariseClusters } from './summarise.ts';

export const DEFAULT_CLUSTER_DISTANCE_M = 250;
export const MAX_CLUSTER_DISTANCE_M = 100_000;
/** Covered addresses this close to an uncovered one are read up front; farther ones only if needed. */
const NEAR_COVERED_M = 2000;

export interface ClusterOptions {
  /** Link distance in metres (default 250). */
  distanceM?: number;
  /** How far the outline reaches beyond the outer addresses (default a tenth of the distance). */
  bufferM?: number;
}

export interface ClusterCount {
  down: DownThreshold;
  clusters: number;
  addresses: number;
}

/** The uncovered points at one threshold class: those below it. */
function below(points: UncoveredPoints, minClass: number): UncoveredPoints {
  const keep: number[] = [];
  for (let i = 0; i < points.rowid.length; i++) if (points.downClass[i] < minClass) keep.push(i);
  return {
    rowid: keep.map((i) => points.rowid[i]),
    lon: Float64Array.from(keep, (i) => points.lon[i]),
    lat: Float64Array.from(keep, (i) => points.lat[i]),
    downClass: Uint8Array.from(keep, (i) => points.downClass[i]),
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
  const uncovered = readUncovered(db, releaseId);
  const near = readCoveredNear(db, releaseId, uncovered, NEAR_COVERED_M);
  const nearest = new NearestCovered(near, NEAR_COVERED_M, () => readCovered(db, releaseId));
  const writer = createClusterWriter(db);

  return db.transaction(() => {
    writer.deleteRelease(releaseId);
    return DOWN_THRESHOLDS.map((down): ClusterCount => {
      const minClass = downClassFor(down);
      const points = below(uncovered, minClass);
      const { labels, count } = linkPoints(points.lon, points.lat, distanceM);
      for (const cluster of summariseClusters(points, labels, count, bufferM)) {
        writer.insert(releaseId, down, distanceM, cluster, nearest.nearestM(cluster.lons, cluster.lats, minClass));
      }
      return { down, clusters: count, addresses: points.rowid.length };
    });
  })();
}

// Unserved clusters of a release: for every download threshold of the database (and for its goal's
// download and upload pair when the goal has one), the addresses uncovered at it grouped by single linkage within a distance, each with its outline, municipalities,
// technologies and distance to the nearest covered address. Called by the import before COMMIT; a large
// import computes them in a worker thread (startClusters) while it rebuilds its indexes and writes its aggregates.
import type Database from 'better-sqlite3';
import type KDBush from 'kdbush';
import { type CoverageDefinitions, downClassIn, readDefinitions, upClassIn } from '../../common/definitions.ts';
import { WorkerBatches } from '../import/worker-batches.ts';
import { linkPoints } from './link.ts';
import { CoveredIndex } from './nearest.ts';
import { type PackedClusters, unpackClusters } from './packed.ts';
import {
  picked,
  readAddressPoints,
  readUncovered,
  uncoveredCount,
  uncoveredOf,
  type AddressPoints,
  type CollectedPoints,
  type UncoveredPoints,
} from './points.ts';
import { MIN_GRID_DISTANCE_M } from './sphere-grid.ts';
import { clusterRow, createClusterWriter, type ClusterRow } from './store.ts';
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
  const n = keep.length;
  return {
    rowid: picked(points.rowid, keep, new Array<number>(n)),
    lon: picked(points.lon, keep, new Float64Array(n)),
    lat: picked(points.lat, keep, new Float64Array(n)),
    downClass: picked(points.downClass, keep, new Uint8Array(n)),
    upClass: picked(points.upClass, keep, new Uint8Array(n)),
    areaCode: picked(points.areaCode, keep, new Array<string>(n)),
    technology: picked(points.technology, keep, new Array<string>(n)),
  };
}

function checkDistance(distanceM: number): void {
  if (!(distanceM >= MIN_GRID_DISTANCE_M && distanceM <= MAX_CLUSTER_DISTANCE_M)) {
    throw new RangeError(
      `buildClusters: distanceM must be a number of metres from ${MIN_GRID_DISTANCE_M} to ${MAX_CLUSTER_DISTANCE_M}, got ${distanceM}.`,
    );
  }
}

/** The link distance and outline buffer of a build, checked. */
function distances(options: ClusterOptions): { distanceM: number; bufferM: number } {
  const distanceM = options.distanceM ?? DEFAULT_CLUSTER_DISTANCE_M;
  checkDistance(distanceM);
  return { distanceM, bufferM: options.bufferM ?? distanceM / 10 };
}

/** What a build computed, ready to be written: the rows in insertion order and the counts per threshold. */
export interface ComputedClusters {
  distanceM: number;
  rows: ClusterRow[];
  counts: ClusterCount[];
}

/**
 * The clusters of a release's uncovered addresses at every threshold of `definitions` (and its goal's
 * pair), with the distance from each to the nearest covered one of `points`. Touches no database.
 * `all`: reads a kdbush index of every point (CoveredIndex), where one is stored with the register.
 */
function computeClusters(
  definitions: CoverageDefinitions,
  uncovered: UncoveredPoints,
  points: AddressPoints,
  distanceM: number,
  bufferM: number,
  all?: () => KDBush,
): ComputedClusters {
  // Per download threshold, and for the goal's pair when the goal also asks an upload (the FCC's 100/20).
  const pairs: { down: number; up: number | null }[] = definitions.down.map((down) => ({ down, up: null }));
  if (definitions.goal.up !== null) pairs.push({ down: definitions.goal.down, up: definitions.goal.up });
  const perThreshold = pairs.map(({ down, up }) => {
    const minClass = downClassIn(definitions, down);
    const minUpClass = upClassIn(definitions, up);
    const members = below(uncovered, minClass, minUpClass);
    const { labels, count } = linkPoints(members.lon, members.lat, distanceM);
    return {
      down,
      up,
      minClass,
      minUpClass,
      addresses: members.rowid.length,
      clusters: summariseClusters(members, labels, count, bufferM),
    };
  });
  const covered = new CoveredIndex(points, all);
  const rows = perThreshold.flatMap(({ down, up, minClass, minUpClass, clusters }) =>
    clusters.map((cluster) => clusterRow(down, up, cluster, covered.nearestM(cluster.lons, cluster.lats, minClass, minUpClass))),
  );
  const counts = perThreshold.map(
    ({ down, up, clusters, addresses }): ClusterCount => ({ down, ...(up === null ? {} : { up }), clusters: clusters.length, addresses }),
  );
  return { distanceM, rows, counts };
}

/** Replaces the clusters of a release by computed ones (in a savepoint when the caller holds a transaction). */
export function writeClusters(db: Database.Database, releaseId: number, computed: ComputedClusters): ClusterCount[] {
  const writer = createClusterWriter(db);
  db.transaction(() => {
    writer.deleteRelease(releaseId);
    for (const row of computed.rows) writer.insert(releaseId, computed.distanceM, row);
  })();
  return computed.counts;
}

/** Replaces the clusters of a release (in a savepoint when the caller holds a transaction). */
export function buildClusters(db: Database.Database, releaseId: number, options: ClusterOptions = {}): ClusterCount[] {
  const { distanceM, bufferM } = distances(options);
  const definitions = readDefinitions(db);
  const goalUpClass = upClassIn(definitions, definitions.goal.up);
  const uncovered = readUncovered(db, releaseId, definitions, goalUpClass);
  const points = options.points ?? readAddressPoints(db, releaseId);
  return writeClusters(db, releaseId, computeClusters(definitions, uncovered, points, distanceM, bufferM));
}

/**
 * Uncovered addresses from which a worker thread pays: it takes ~0.5 s of CPU to start and a second
 * heap, while clustering 5 k of them (a Dutch million rows) takes ~1 s, 220 k (a million FCC rows) ~4 s.
 */
const CLUSTER_WORKER_MIN_UNCOVERED = 100_000;

/**
 * Starts computing a release's clusters from the points the import collected (point i is row
 * firstRowid + i, in area areaCodes[area[i]]): in a worker thread (worker.ts) while the calling thread
 * goes on, or, with `inWorker` false, in this thread when they are written (default: in a worker from
 * CLUSTER_WORKER_MIN_UNCOVERED uncovered addresses, below which it does not pay for its start). `write` (once) waits for
 * them and writes them as buildClusters would; `close` stops the worker.
 */
export function startClusters(
  definitions: CoverageDefinitions,
  points: CollectedPoints,
  firstRowid: number,
  areaCodes: readonly string[],
  inWorker?: boolean,
  options: Omit<ClusterOptions, 'points'> = {},
) {
  const data = collectedData(definitions, points, firstRowid, areaCodes, options);
  if (!(inWorker ?? uncoveredCount(points, definitions.down.length, data.goalUpClass) >= CLUSTER_WORKER_MIN_UNCOVERED))
    return { write: (db: Database.Database, releaseId: number) => writeClusters(db, releaseId, computeInWorker(data)), close() {} };
  const buffers = [points.lon, points.lat, points.downClass, points.upClass, points.area, points.technology].map((a) => a.buffer);
  const worker = new WorkerBatches<PackedClusters>(new URL('./worker.ts', import.meta.url), data, {
    transfer: buffers as ArrayBuffer[],
    task: 'computing the clusters',
  });
  return {
    write(db: Database.Database, releaseId: number): ClusterCount[] {
      const packed = worker.next();
      if (packed === null) throw new Error('the cluster worker ended without clusters');
      return writeClusters(db, releaseId, unpackClusters(packed));
    },
    close: () => worker.close(),
  };
}

/** What computeInWorker needs to cluster collected points (startClusters), with buildClusters' distances. */
function collectedData(
  definitions: CoverageDefinitions,
  points: CollectedPoints,
  firstRowid: number,
  areaCodes: readonly string[],
  options: Omit<ClusterOptions, 'points'> = {},
): ClusterWorkerData {
  const { distanceM, bufferM } = distances(options);
  return { definitions, points, firstRowid, areaCodes, goalUpClass: upClassIn(definitions, definitions.goal.up), distanceM, bufferM };
}

/**
 * The clusters of collected points (as startClusters), computed in this thread: for a caller that is itself a
 * worker. `all`: reads an index of every point, item i point i (a register's stored one, pipeline/register/point-index.ts).
 */
export function computeCollectedClusters(
  definitions: CoverageDefinitions,
  points: CollectedPoints,
  firstRowid: number,
  areaCodes: readonly string[],
  all?: () => KDBush,
): ComputedClusters {
  return computeInWorker(collectedData(definitions, points, firstRowid, areaCodes), all);
}

/** What the cluster worker gets. */
export interface ClusterWorkerData {
  definitions: CoverageDefinitions;
  points: CollectedPoints;
  firstRowid: number;
  areaCodes: readonly string[];
  /** upClassIn(definitions, definitions.goal.up), worked out once. */
  goalUpClass: number;
  distanceM: number;
  bufferM: number;
}

/** What the worker does: takes the uncovered addresses from the points, then computeClusters. */
export function computeInWorker(data: ClusterWorkerData, all?: () => KDBush): ComputedClusters {
  const { definitions, points } = data;
  const uncovered = uncoveredOf(points, data.firstRowid, data.areaCodes, definitions.down.length, data.goalUpClass);
  return computeClusters(definitions, uncovered, points, data.distanceM, data.bufferM, all);
}
